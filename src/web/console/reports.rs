//! The reports view and the monthly report page: a range and a grouping picked, the report
//! fetched from `GET /api/v1/reports`, each part drawn as a chart with its table beside, and
//! each table downloadable as the server's CSV.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

use crate::core::model::reports::{Period, Report, ReportTable};
use crate::core::reports::calendar::{civil_from_days, day_text, days_from_civil, next_period, parse_day, period_start};
use crate::core::reports::chart::{bar_chart, duration_text};
use crate::web::console::svg;
use crate::web::console::ui::{download, table};
use crate::web::console::words::{say, word};
use crate::web::dom::{self, Node};
use crate::web::console::api::Api;

async fn fetch_report(api: &Api, query: &str) -> Result<Report, String> {
    api.get(&format!("/reports?{query}")).await
}

/// The query of a range and a grouping.
fn query(from: &str, to: &str, period: Period) -> String {
    format!("from={from}&to={to}&period={}", period.as_str())
}

/// The first and last day of the month holding `days`.
fn month_of(days: i64) -> (String, String) {
    let (year, month, _) = civil_from_days(days);
    let first = days_from_civil(year, month, 1);
    (day_text(first), day_text(next_period(Period::Month, first) - 1))
}

fn today() -> i64 {
    (js_sys::Date::now() as i64).div_euclid(86_400_000)
}

/// The reports view: the picker, then the report of the current month by week.
pub fn view(slot: &Element, api: Rc<Api>) {
    let (from, to) = month_of(today());
    let from_input = date_input("report-from", &from);
    let to_input = date_input("report-to", &to);
    let period_select: HtmlSelectElement = Node::new("select").attr("id", "report-period").build().unchecked_into();
    for (period, key) in [(Period::Day, "consolePeriodDay"), (Period::Week, "consolePeriodWeek"), (Period::Month, "consolePeriodMonth")] {
        let option = Node::new("option").attr("value", period.as_str()).text(&word(key)).build();
        let _ = period_select.append_child(&option);
    }
    period_select.set_value("week");
    let results = Node::new("div").attr("id", "report").attr("aria-live", "polite").build();
    let picker = {
        let (from_input, to_input, period_select, results, api) =
            (from_input.clone(), to_input.clone(), period_select.clone(), results.clone(), api.clone());
        Node::new("form")
            .class("picker no-print")
            .child(labelled("report-from", "consoleFrom", from_input.clone().unchecked_into()))
            .child(labelled("report-to", "consoleTo", to_input.clone().unchecked_into()))
            .child(labelled("report-period", "consolePeriod", period_select.clone().unchecked_into()))
            .child(Node::new("button").attr("type", "submit").text(&word("consoleShow")))
            .child(monthly_link(&from))
            .on("submit", move |event| {
                event.prevent_default();
                let period = Period::parse(&period_select.value()).unwrap_or(Period::Week);
                load(api.clone(), results.clone(), query(&from_input.value(), &to_input.value(), period), true);
            })
    };
    let section = Node::new("section")
        .attr("aria-labelledby", "reports-heading")
        .child(Node::new("h1").attr("id", "reports-heading").text(&word("consoleReports")))
        .child(picker)
        .child(Node::new("p").class("note").text(&word("consoleTimeZone")))
        .child(Node::from(results.clone()));
    dom::replace_children(slot, section);
    load(api, results, query(&from, &to, Period::Week), true);
}

/// The monthly report page (`console.html?view=monthly&month=2026-11&lang=fr`): the month by
/// week, made to print (the stylesheet's print rules), with a button to the print dialog.
pub fn monthly(slot: &Element, api: Rc<Api>, month: Option<String>) {
    // Without a month, the last one: the monthly review looks back.
    let last_month = period_start(Period::Month, period_start(Period::Month, today()) - 1);
    let first_day = month.and_then(|month| parse_day(&format!("{month}-01"))).unwrap_or(last_month);
    let (from, to) = month_of(first_day);
    let print = Node::new("button").class("no-print").attr("id", "print").attr("type", "button").text(&word("consolePrint")).on(
        "click",
        |_| {
            if let Some(window) = web_sys::window() {
                let _ = window.print();
            }
        },
    );
    let results = Node::new("div").attr("id", "report").build();
    let page = Node::new("article")
        .class("monthly")
        .child(Node::new("h1").text(&say("consoleMonthlyTitle", &[&from[..7]])))
        .child(Node::new("p").class("note").text(&say("consoleMonthlyRange", &[&from, &to])))
        .child(print)
        .child(Node::new("p").class("note").text(&word("consoleTimeZone")))
        .child(Node::from(results.clone()));
    dom::replace_children(slot, page);
    load(api, results, query(&from, &to, Period::Week), false);
}

fn monthly_link(from: &str) -> Node {
    let month = &from[..7];
    Node::new("a")
        .attr("href", &format!("console.html?view=monthly&month={month}"))
        .attr("target", "_blank")
        .attr("id", "monthly-link")
        .text(&word("consoleMonthly"))
}

fn date_input(id: &str, value: &str) -> HtmlInputElement {
    let input: HtmlInputElement = Node::new("input").attr("type", "date").attr("id", id).attr("required", "").build().unchecked_into();
    input.set_value(value);
    input
}

fn labelled(id: &str, key: &str, control: Element) -> Node {
    Node::new("span").class("field").child(Node::new("label").attr("for", id).text(&word(key))).child(Node::from(control))
}

/// Fetches the report of `query` into `results`, saying so while it loads.
fn load(api: Rc<Api>, results: Element, query: String, downloads: bool) {
    let _ = results.set_attribute("aria-busy", "true");
    dom::replace_children(&results, Node::new("p").text(&word("consoleLoading")));
    wasm_bindgen_futures::spawn_local(async move {
        match fetch_report(&api, &query).await {
            Ok(report) => render(&results, &report, &api, downloads),
            Err(message) => dom::replace_children(&results, Node::new("p").class("error").attr("role", "alert").text(&message)),
        }
        let _ = results.set_attribute("aria-busy", "false");
    });
}

fn render(results: &Element, report: &Report, api: &Rc<Api>, downloads: bool) {
    let periods: Vec<String> = report.overview.iter().map(|row| row.period.clone()).collect();
    let ms = |value: Option<i64>| value.map(|v| v as f64);
    let count = |value: u64| Some(value as f64);
    let parts = Node::new("div")
        .child(section(
            "replies",
            "consoleRepliesTitle",
            Some(chart_of("chart-replies", "consoleRepliesTitle", "consoleChartRepliesDesc", &periods, &[report.overview.iter().map(|r| count(r.replies)).collect()], number_text)),
            replies_per_period_table(report),
            ReportTable::Overview,
            downloads.then(|| (api.clone(), report)),
        ))
        .child(section(
            "response",
            "consoleResponseTitle",
            Some(chart_of(
                "chart-response",
                "consoleResponseTitle",
                "consoleChartResponseDesc",
                &periods,
                &[
                    report.overview.iter().map(|r| ms(r.response_median_ms)).collect(),
                    report.overview.iter().map(|r| ms(r.response_p90_ms)).collect(),
                ],
                duration_text,
            )),
            response_table(report),
            ReportTable::Overview,
            None,
        ))
        .child(section(
            "approvals",
            "consoleApprovalsTitle",
            Some(chart_of(
                "chart-approvals",
                "consoleApprovalsTitle",
                "consoleChartApprovalsDesc",
                &periods,
                &[
                    report.overview.iter().map(|r| count(r.approvals_requested)).collect(),
                    report.overview.iter().map(|r| count(r.approvals_rejected)).collect(),
                ],
                number_text,
            )),
            approvals_table(report),
            ReportTable::Approvals,
            downloads.then(|| (api.clone(), report)),
        ))
        .child(section(
            "interns",
            "consoleInternsTitle",
            Some(chart_of("chart-interns", "consoleInternsTitle", "consoleChartInternsDesc", &periods, &[report.interns.iter().map(|r| count(r.requests)).collect()], number_text)),
            interns_table(report),
            ReportTable::Interns,
            downloads.then(|| (api.clone(), report)),
        ))
        .child(section("by-member", "consoleByMemberTitle", None, replies_table(report), ReportTable::Replies, downloads.then(|| (api.clone(), report))))
        .child(section("findings", "consoleFindingsTitle", None, findings_table(report), ReportTable::Findings, downloads.then(|| (api.clone(), report))))
        .child(section("templates", "consoleTemplatesTitle", None, templates_table(&report.templates), ReportTable::Templates, downloads.then(|| (api.clone(), report))))
        .child(section(
            "unused",
            "consoleUnusedTitle",
            None,
            templates_table(&report.unused_templates),
            ReportTable::UnusedTemplates,
            downloads.then(|| (api.clone(), report)),
        ))
        .child(Node::new("p").class("note").text(&word("consoleDefinitions")));
    dom::replace_children(results, parts);
}

fn number_text(value: f64) -> String {
    format!("{value:.0}")
}

fn chart_of(
    id: &str,
    title_key: &str,
    desc_key: &str,
    periods: &[String],
    series: &[Vec<Option<f64>>],
    format: impl Fn(f64) -> String,
) -> Element {
    let chart = bar_chart(periods, series, format);
    svg::draw(&chart, id, &word(title_key), &word(desc_key))
}

/// A part of the report: its heading, its chart and table side by side, and the table's CSV.
fn section(
    id: &str,
    title_key: &str,
    chart: Option<Element>,
    table: Option<Node>,
    csv: ReportTable,
    download: Option<(Rc<Api>, &Report)>,
) -> Node {
    let heading_id = format!("{id}-heading");
    let mut pair = Node::new("div").class("pair");
    if let Some(chart) = chart {
        pair = pair.child(Node::new("figure").class("chart-box").child(Node::from(chart)));
    }
    if let Some(table) = table {
        pair = pair.child(Node::new("div").class("table-box").child(table));
    }
    let mut node = Node::new("section")
        .attr("id", id)
        .attr("aria-labelledby", &heading_id)
        .child(Node::new("h2").attr("id", &heading_id).text(&word(title_key)))
        .child(pair);
    if let Some((api, report)) = download {
        node = node.child(download_button(api, report, csv));
    }
    node
}

fn download_button(api: Rc<Api>, report: &Report, table: ReportTable) -> Node {
    let query = format!("{}&format=csv&table={}", query(&report.from, &report.to, report.period), table.as_str());
    let name = crate::core::reports::table_file_name(report, table);
    Node::new("button")
        .class("csv no-print")
        .attr("type", "button")
        .attr("data-table", table.as_str())
        .text(&word("consoleDownloadCsv"))
        .on("click", move |event| {
            let (api, query, name) = (api.clone(), query.clone(), name.clone());
            let button = event.target().and_then(|target| target.dyn_into::<HtmlElement>().ok());
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = match api.text("GET", &format!("/reports?{query}"), None).await {
                    Ok(csv) => download(&name, &csv, "text/csv").map_err(|_| word("consoleDownloadFailed")),
                    Err(message) => Err(message),
                };
                if let (Err(message), Some(button)) = (outcome, button) {
                    let _ = button.set_attribute("title", &message);
                }
            });
        })
}

fn dash() -> String {
    "—".into()
}

fn duration(value: Option<i64>) -> String {
    value.map(|ms| duration_text(ms as f64)).unwrap_or_else(dash)
}

fn rate(value: Option<f64>) -> String {
    value.map(|rate| format!("{:.1} %", rate * 100.0)).unwrap_or_else(dash)
}

fn replies_per_period_table(report: &Report) -> Option<Node> {
    let rows = report.overview.iter().map(|r| vec![r.period.clone(), r.replies.to_string()]).collect();
    table(&["consoleColPeriod", "consoleColReplies"], rows)
}

fn response_table(report: &Report) -> Option<Node> {
    let rows = report
        .overview
        .iter()
        .map(|r| vec![r.period.clone(), r.response_samples.to_string(), duration(r.response_median_ms), duration(r.response_p90_ms)])
        .collect();
    table(&["consoleColPeriod", "consoleColMeasured", "consoleColMedian", "consoleColP90"], rows)
}

fn approvals_table(report: &Report) -> Option<Node> {
    let rows = report
        .overview
        .iter()
        .map(|r| {
            vec![
                r.period.clone(),
                r.approvals_requested.to_string(),
                r.approvals_decided.to_string(),
                r.approvals_rejected.to_string(),
                rate(r.rejection_rate),
                duration(r.turnaround_median_ms),
                duration(r.turnaround_p90_ms),
            ]
        })
        .collect();
    table(
        &["consoleColPeriod", "consoleColRequested", "consoleColDecided", "consoleColRejected", "consoleColRejectionRate", "consoleColMedian", "consoleColP90"],
        rows,
    )
}

fn interns_table(report: &Report) -> Option<Node> {
    let rows = report
        .interns
        .iter()
        .map(|r| vec![r.period.clone(), r.requests.to_string(), r.approved.to_string(), r.rejected.to_string(), r.pending.to_string()])
        .collect();
    table(&["consoleColPeriod", "consoleColRequested", "consoleColApproved", "consoleColRejected", "consoleColPending"], rows)
}

fn replies_table(report: &Report) -> Option<Node> {
    let rows = report
        .replies
        .iter()
        .map(|r| {
            vec![
                format!("{} · {}", r.period, r.member_name),
                r.network.clone(),
                r.replies.to_string(),
                r.response_samples.to_string(),
                duration(r.response_median_ms),
                duration(r.response_p90_ms),
            ]
        })
        .collect();
    table(&["consoleColMember", "consoleColNetwork", "consoleColReplies", "consoleColMeasured", "consoleColMedian", "consoleColP90"], rows)
}

fn findings_table(report: &Report) -> Option<Node> {
    let rows = report
        .findings
        .iter()
        .map(|r| {
            vec![r.rule_id.clone(), r.in_drafts.to_string(), r.blocked_by_approver.to_string(), r.fixed_before_posting.to_string(), r.posted_with.to_string()]
        })
        .collect();
    table(&["consoleColRule", "consoleColInDrafts", "consoleColBlocked", "consoleColFixed", "consoleColPostedWith"], rows)
}

fn templates_table(rows: &[crate::core::model::reports::TemplateRow]) -> Option<Node> {
    let rows = rows
        .iter()
        .map(|r| vec![if r.title.is_empty() { r.template_id.clone() } else { r.title.clone() }, r.uses.to_string()])
        .collect();
    table(&["consoleColTemplate", "consoleColUses"], rows)
}
