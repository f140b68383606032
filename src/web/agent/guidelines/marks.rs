//! Highlights over the offending words of a reply box, and a badge counting findings by
//! severity, drawn in the agent's overlay (a shadow root at the end of the document): the
//! site's editor is never touched. Boxes are fixed-position rectangles measured from the
//! editor's own text nodes (contenteditable) or from a hidden mirror copying the textarea's
//! styles, clipped to the editor. Only boxes and counts are drawn: messages and rule ids are
//! team data and stay in the panel. Called within an animation frame (layout reads batched).

use wasm_bindgen::JsCast;
use web_sys::{DomRect, Element, HtmlElement, HtmlTextAreaElement, Range};

use crate::core::guidelines::{Finding, Severity, SeverityCounts};
use crate::web::agent::editor_text::EditorText;
use crate::web::{chrome, dom};

/// Styles copied from a textarea to its mirror, so text wraps the same way.
const MIRRORED: &[&str] = &[
    "font-family", "font-size", "font-weight", "font-style", "font-variant", "font-stretch", "letter-spacing", "word-spacing",
    "line-height", "text-transform", "text-indent", "text-align", "direction", "tab-size", "padding-top", "padding-right",
    "padding-bottom", "padding-left", "border-top-width", "border-right-width", "border-bottom-width", "border-left-width",
    "box-sizing",
];

/// The elements drawn for one reply box: a layer of boxes and the badge.
pub struct Marks {
    layer: Element,
    badge: Element,
    mirror: Element,
}

impl Marks {
    pub fn new(overlay: &Element) -> Marks {
        let layer = dom::Node::new("div").class("marks").build();
        let badge = dom::Node::new("div").class("badge").attr("hidden", "").build();
        let mirror = dom::Node::new("div").class("mirror").attr("aria-hidden", "true").build();
        for element in [&mirror, &layer, &badge] {
            let _ = overlay.append_child(element);
        }
        Marks { layer, badge, mirror }
    }

    /// Removes every box and hides the badge.
    pub fn clear(&self) {
        self.layer.set_text_content(None);
        let _ = self.badge.set_attribute("hidden", "");
    }

    /// Draws `findings` over `editor`, whose text they were found in.
    pub fn draw(&self, editor: &Element, text: &EditorText, findings: &[Finding]) {
        self.layer.set_text_content(None);
        let bounds = editor.get_bounding_client_rect();
        if findings.is_empty() || bounds.width() <= 0.0 || bounds.height() <= 0.0 {
            let _ = self.badge.set_attribute("hidden", "");
            return;
        }
        let rects = match editor.dyn_ref::<HtmlTextAreaElement>() {
            Some(area) => self.textarea_rects(area, &bounds, findings),
            None => findings.iter().map(|finding| range_rects(text.range(finding.start, finding.end).as_ref(), finding)).collect(),
        };
        let clip = content_box(editor, &bounds);
        for (finding, rects) in findings.iter().zip(rects) {
            for rect in rects {
                if let Some(style) = clipped_style(&rect, &clip) {
                    let mark = dom::Node::new("div").class(&format!("mark {}", finding.severity.as_str())).attr("style", &style).build();
                    let _ = self.layer.append_child(&mark);
                }
            }
        }
        self.show_badge(&bounds, SeverityCounts::of(findings));
    }

    /// The rects of each finding in a textarea, measured in the mirror laid over it.
    fn textarea_rects(&self, area: &HtmlTextAreaElement, bounds: &DomRect, findings: &[Finding]) -> Vec<Vec<Rect>> {
        let Some(window) = web_sys::window() else { return Vec::new() };
        let Ok(Some(computed)) = window.get_computed_style(area) else { return Vec::new() };
        let mut style = format!("left:{}px;top:{}px;width:{}px;height:{}px;", bounds.left(), bounds.top(), bounds.width(), bounds.height());
        for property in MIRRORED {
            let value = computed.get_property_value(property).unwrap_or_default();
            style.push_str(&format!("{property}:{value};"));
        }
        // The textarea's scrollbar narrows its text: the mirror's right padding takes its place.
        let scrollbar = f64::from(area.offset_width() - area.client_width()) - px(&computed, "border-left-width") - px(&computed, "border-right-width");
        if scrollbar > 0.0 {
            style.push_str(&format!("padding-right:{}px;", px(&computed, "padding-right") + scrollbar));
        }
        let _ = self.mirror.set_attribute("style", &style);
        let value = area.value();
        self.mirror.set_text_content(Some(&format!("{value} ")));
        let (scroll_left, scroll_top) = (f64::from(area.scroll_left()), f64::from(area.scroll_top()));
        let Some(node) = self.mirror.first_child() else { return Vec::new() };
        let rects = findings
            .iter()
            .map(|finding| {
                let range = dom::document().create_range().ok().filter(|range| {
                    range.set_start(&node, offset(finding.start)).is_ok() && range.set_end(&node, offset(finding.end)).is_ok()
                });
                range_rects(range.as_ref(), finding).into_iter().map(|rect| rect.shifted(-scroll_left, -scroll_top)).collect()
            })
            .collect();
        self.mirror.set_text_content(None); // The draft does not stay in the overlay.
        rects
    }

    fn show_badge(&self, bounds: &DomRect, counts: SeverityCounts) {
        self.badge.set_text_content(None);
        let parts = [(Severity::Block, counts.block), (Severity::Approval, counts.approval), (Severity::Warn, counts.warn), (Severity::Info, counts.info)];
        for (severity, count) in parts.into_iter().filter(|(_, count)| *count > 0) {
            let _ = self.badge.set_attribute(&format!("data-{}", severity.as_str()), &count.to_string());
            let part = dom::Node::new("span").class(severity.as_str()).text(&count.to_string()).build();
            let _ = self.badge.append_child(&part);
        }
        for (severity, _) in parts.into_iter().filter(|(_, count)| *count == 0) {
            let _ = self.badge.remove_attribute(&format!("data-{}", severity.as_str()));
        }
        let label = chrome::message_with(
            "guidelinesBadgeLabel",
            &[&counts.block.to_string(), &counts.approval.to_string(), &counts.warn.to_string(), &counts.info.to_string()],
        );
        let _ = self.badge.set_attribute("title", &label);
        let _ = self.badge.set_attribute("aria-label", &label);
        let viewport = dom::document().document_element().map_or(0.0, |root| f64::from(root.client_width()));
        let right = (viewport - bounds.right() + 30.0).max(0.0);
        let top = bounds.bottom() - 22.0;
        let _ = self.badge.set_attribute("style", &format!("right:{right:.0}px;top:{top:.0}px"));
        let _ = self.badge.remove_attribute("hidden");
    }
}

/// A rectangle in viewport coordinates.
#[derive(Debug, Clone, Copy)]
struct Rect {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

impl Rect {
    fn of(rect: &DomRect) -> Rect {
        Rect { left: rect.left(), top: rect.top(), right: rect.right(), bottom: rect.bottom() }
    }

    fn shifted(self, dx: f64, dy: f64) -> Rect {
        Rect { left: self.left + dx, top: self.top + dy, right: self.right + dx, bottom: self.bottom + dy }
    }
}

/// One rect per line the range covers; a zero-width finding (something missing) has none.
fn range_rects(range: Option<&Range>, finding: &Finding) -> Vec<Rect> {
    let Some(range) = range.filter(|_| finding.end > finding.start) else { return Vec::new() };
    let Some(list) = range.get_client_rects() else { return Vec::new() };
    (0..list.length()).filter_map(|index| list.get(index)).map(|rect| Rect::of(&rect)).filter(|rect| rect.right > rect.left).collect()
}

/// Where the editor shows text: inside its borders.
fn content_box(editor: &Element, bounds: &DomRect) -> Rect {
    let (left, top) = (f64::from(editor.client_left()), f64::from(editor.client_top()));
    let element = editor.dyn_ref::<HtmlElement>();
    let width = element.map_or(bounds.width(), |_| f64::from(editor.client_width()));
    let height = element.map_or(bounds.height(), |_| f64::from(editor.client_height()));
    Rect { left: bounds.left() + left, top: bounds.top() + top, right: bounds.left() + left + width, bottom: bounds.top() + top + height }
}

/// The style of a box over `rect`, cut to `clip`; `None` when nothing of it is visible.
fn clipped_style(rect: &Rect, clip: &Rect) -> Option<String> {
    let left = rect.left.max(clip.left);
    let right = rect.right.min(clip.right);
    let top = rect.top.max(clip.top);
    let bottom = rect.bottom.min(clip.bottom);
    (right > left && bottom > top).then(|| format!("left:{left:.1}px;top:{top:.1}px;width:{:.1}px;height:{:.1}px", right - left, bottom - top))
}

fn px(style: &web_sys::CssStyleDeclaration, property: &str) -> f64 {
    style.get_property_value(property).ok().and_then(|value| value.trim_end_matches("px").parse().ok()).unwrap_or(0.0)
}

fn offset(units: usize) -> u32 {
    u32::try_from(units).unwrap_or(u32::MAX)
}
