//! Draws `core::reports::chart` geometry as accessible SVG: `role="img"`, named by its `<title>`
//! and described by its `<desc>`, each bar with its own `<title>` (period and value). The table
//! beside the chart holds the same numbers for screen readers and for copying.

use web_sys::Element;

use crate::core::reports::chart::{BarChart, HEIGHT, WIDTH};
use crate::web::dom;

const SVG: &str = "http://www.w3.org/2000/svg";

fn svg_element(tag: &str) -> Element {
    dom::document().create_element_ns(Some(SVG), tag).expect("an SVG tag")
}

fn set(element: &Element, name: &str, value: &str) {
    let _ = element.set_attribute(name, value);
}

fn texted(tag: &str, text: &str) -> Element {
    let element = svg_element(tag);
    element.set_text_content(Some(text));
    element
}

/// The chart as an `<svg>`, its title and description under `id`-title and `id`-desc.
pub fn draw(chart: &BarChart, id: &str, title: &str, description: &str) -> Element {
    let svg = svg_element("svg");
    set(&svg, "viewBox", &format!("0 0 {WIDTH} {HEIGHT}"));
    set(&svg, "role", "img");
    set(&svg, "class", "chart");
    set(&svg, "aria-labelledby", &format!("{id}-title {id}-desc"));
    let title_node = texted("title", title);
    set(&title_node, "id", &format!("{id}-title"));
    let desc_node = texted("desc", description);
    set(&desc_node, "id", &format!("{id}-desc"));
    let _ = svg.append_child(&title_node);
    let _ = svg.append_child(&desc_node);
    let axis = svg_element("line");
    for (name, value) in [("x1", 40.0), ("x2", WIDTH), ("y1", chart.baseline), ("y2", chart.baseline)] {
        set(&axis, name, &value.to_string());
    }
    set(&axis, "class", "axis");
    let _ = svg.append_child(&axis);
    for bar in &chart.bars {
        let rect = svg_element("rect");
        for (name, value) in [("x", bar.x), ("y", bar.y), ("width", bar.width), ("height", bar.height)] {
            set(&rect, name, &format!("{value:.2}"));
        }
        set(&rect, "class", &format!("bar series-{}", bar.series));
        let _ = rect.append_child(&texted("title", &bar.label));
        let _ = svg.append_child(&rect);
    }
    for (index, label) in chart.labels.iter().enumerate() {
        let text = texted("text", &label.text);
        set(&text, "x", &format!("{:.2}", label.x));
        set(&text, "y", &format!("{:.2}", label.y));
        // The first label is the axis's top value, right-aligned against the axis.
        set(&text, "text-anchor", if index == 0 { "end" } else { "middle" });
        set(&text, "aria-hidden", "true");
        let _ = svg.append_child(&text);
    }
    svg
}
