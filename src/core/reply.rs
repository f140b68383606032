//! A canned reply made ready for one comment: the right wording (language, network), rendered
//! with the comment's context and the member's settings, and measured against the network.
//!
//! The panel's preview, the panel's insertion and the shortcut expansion in the reply box all
//! go through [`compose`], so what is previewed is exactly what is inserted.

use crate::core::library::{detect_language, Lang, Network, Template};
use crate::core::model::{CommentContext, Settings};
use crate::core::template::{self, CalendarDate, RenderedReply, ReplyContext, TemplateError};

/// What a reply is rendered with, besides the template.
#[derive(Debug, Clone, Copy)]
pub struct ReplyInputs<'a> {
    /// The comment being answered, if any.
    pub context: Option<&'a CommentContext>,
    pub settings: &'a Settings,
    /// Today, in the member's time zone (the core has no clock).
    pub today: Option<CalendarDate>,
    /// The language to use when the comment's own cannot be told (the browser's).
    pub fallback_lang: Lang,
}

impl ReplyInputs<'_> {
    /// The language to answer in: the comment's, else the fallback.
    pub fn lang(&self) -> Lang {
        self.context.and_then(|context| detect_language(&context.text)).unwrap_or(self.fallback_lang)
    }

    /// The network the comment is on; `None` on forums, blogs and unknown sites.
    pub fn network(&self) -> Option<Network> {
        self.context.and_then(|context| Network::from_platform(&context.platform))
    }
}

/// A template rendered for one comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposedReply {
    /// Which of the template's variants was used.
    pub variant_index: usize,
    pub reply: Result<RenderedReply, TemplateError>,
    /// Characters of the rendered text, counted as the network counts them.
    pub length: usize,
    /// The network's limit, when the comment is on a network that has one.
    pub limit: Option<usize>,
}

impl ComposedReply {
    pub fn over_limit(&self) -> bool {
        self.limit.is_some_and(|limit| self.length > limit)
    }
}

/// Renders the best variant of `template` for the comment in `inputs`; `variant_index`
/// overrides the choice (the search already picked one). `None` if the template is empty.
pub fn compose(template: &Template, variant_index: Option<usize>, inputs: &ReplyInputs) -> Option<ComposedReply> {
    let (lang, network) = (inputs.lang(), inputs.network());
    let variant_index = match variant_index {
        Some(index) if index < template.variants.len() => index,
        _ => template.variant_for(Some(lang), network)?.0,
    };
    let variant = template.variants.get(variant_index)?;
    let data = reply_context(inputs).to_data(variant.lang);
    let reply = template::Template::parse(&variant.body)
        .and_then(|parsed| parsed.render_reply(&data, &inputs.settings.snippets))
        .map(without_trailing_blank);
    let length = reply.as_ref().map(|reply| reply.text.chars().count()).unwrap_or(0);
    Some(ComposedReply { variant_index, reply, length, limit: network.map(character_limit) })
}

/// A reply never ends with blank lines or spaces (an empty signature leaves some); the caret
/// stays inside the text.
fn without_trailing_blank(mut reply: RenderedReply) -> RenderedReply {
    let kept = reply.text.trim_end().len();
    reply.text.truncate(kept);
    let length_utf16 = reply.text.encode_utf16().count();
    reply.cursor_utf16 = reply.cursor_utf16.map(|cursor| cursor.min(length_utf16));
    reply
}

fn reply_context(inputs: &ReplyInputs) -> ReplyContext {
    let mut reply = ReplyContext {
        my_name: inputs.settings.member_name.clone(),
        brand_name: inputs.settings.brand_name.clone(),
        today: inputs.today,
        ..ReplyContext::default()
    };
    if let Some(context) = inputs.context {
        reply.author_name = context.author.name.clone();
        reply.author_handle = context.author.handle.clone();
        reply.platform = platform_name(&context.platform).to_owned();
        reply.comment_url = context.permalink.clone();
        reply.post_url = context.page_url.clone();
        reply.comment_text = context.text.clone();
    }
    reply
}

/// The network's name as people write it, for `{{platform}}`.
pub fn platform_name(platform: &str) -> &str {
    match platform {
        "x" => "X",
        "linkedin" => "LinkedIn",
        "facebook" => "Facebook",
        "instagram" => "Instagram",
        "youtube" => "YouTube",
        "reddit" | "old_reddit" => "Reddit",
        "tiktok" => "TikTok",
        _ => "",
    }
}

/// The longest reply each network accepts, in its own characters.
pub fn character_limit(network: Network) -> usize {
    match network {
        Network::X => 280,
        Network::Linkedin => 1_250,
        Network::Facebook => 8_000,
        Network::Instagram => 2_200,
        Network::Youtube => 10_000,
        Network::Reddit => 10_000,
        Network::Tiktok => 150,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::library::{Scope, Variant};
    use crate::core::model::Author;

    fn template(variants: Vec<Variant>) -> Template {
        Template {
            id: "t1".into(),
            title: "Thanks".into(),
            shortcut: "thanks".into(),
            tags: vec![],
            variants,
            scope: Scope::Team,
            usage_count: 0,
            last_used_ms: None,
            created_by: String::new(),
            updated_by: String::new(),
            created_ms: 0,
            updated_ms: 0,
            version: 1,
            folder: None,
        }
    }

    fn variant(lang: Lang, network: Option<Network>, body: &str) -> Variant {
        Variant { lang, network, body: body.into() }
    }

    fn comment(platform: &str, name: &str, text: &str) -> CommentContext {
        CommentContext { platform: platform.into(), author: Author { name: name.into(), ..Author::default() }, text: text.into(), ..CommentContext::default() }
    }

    #[test]
    fn a_french_comment_gets_the_french_wording_with_the_authors_first_name() {
        let template = template(vec![variant(Lang::En, None, "Hi {{author.first_name}}!"), variant(Lang::Fr, None, "Bonjour {{author.first_name}} !")]);
        let context = comment("facebook", "Camille Martin", "Bonjour, ma commande n'est toujours pas arrivée, pouvez-vous m'aider ?");
        let settings = Settings::default();
        let inputs = ReplyInputs { context: Some(&context), settings: &settings, today: None, fallback_lang: Lang::En };
        let composed = compose(&template, None, &inputs).expect("a variant");
        assert_eq!(composed.variant_index, 1);
        assert_eq!(composed.reply.expect("renders").text, "Bonjour Camille !");
        assert_eq!(composed.limit, Some(8_000));
    }

    #[test]
    fn the_network_variant_wins_on_its_network_and_is_measured_against_its_limit() {
        let template = template(vec![variant(Lang::En, None, "A long general answer."), variant(Lang::En, Some(Network::X), "Short one.")]);
        let context = comment("x", "Sam", "Where is my order? It has been two weeks.");
        let settings = Settings::default();
        let inputs = ReplyInputs { context: Some(&context), settings: &settings, today: None, fallback_lang: Lang::En };
        let composed = compose(&template, None, &inputs).expect("a variant");
        assert_eq!(composed.reply.as_ref().expect("renders").text, "Short one.");
        assert_eq!((composed.length, composed.limit), (10, Some(280)));
        assert!(!composed.over_limit());
    }

    #[test]
    fn without_a_comment_the_fallback_language_and_no_limit_apply() {
        let template = template(vec![variant(Lang::En, None, "Hello {{author.first_name | there}}"), variant(Lang::Fr, None, "Bonjour {{author.first_name | à vous}}")]);
        let settings = Settings::default();
        let inputs = ReplyInputs { context: None, settings: &settings, today: None, fallback_lang: Lang::Fr };
        let composed = compose(&template, None, &inputs).expect("a variant");
        assert_eq!(composed.reply.expect("renders").text, "Bonjour à vous");
        assert_eq!(composed.limit, None);
    }

    #[test]
    fn the_signature_snippet_uses_the_members_settings() {
        let template = template(vec![variant(Lang::En, None, "Thanks!\n{{> signature}}")]);
        let settings = Settings { member_name: "Marie".into(), brand_name: "Lumen".into(), ..Settings::default() };
        let inputs = ReplyInputs { context: None, settings: &settings, today: None, fallback_lang: Lang::En };
        assert_eq!(compose(&template, None, &inputs).expect("a variant").reply.expect("renders").text, "Thanks!\nMarie · Lumen");
    }

    /// Every starter reply, for every wording, reads well with nothing known about the author
    /// or the brand (a fresh install) and with everything known.
    #[test]
    fn starter_replies_read_well_with_an_empty_or_a_full_context() {
        use crate::core::library::Library;
        let empty = Settings::default();
        let full = Settings { member_name: "Marie".into(), brand_name: "Lumen".into(), ..Settings::default() };
        let context = comment("facebook", "Camille Martin", "");
        for template in Library::starter().templates() {
            for index in 0..template.variants.len() {
                for (settings, context) in [(&empty, None), (&full, Some(&context))] {
                    let inputs = ReplyInputs { context, settings, today: CalendarDate::new(2026, 11, 23), fallback_lang: Lang::En };
                    let composed = compose(template, Some(index), &inputs).expect("a variant");
                    let text = composed.reply.unwrap_or_else(|error| panic!("{}: {error}", template.shortcut)).text;
                    for artifact in ["{{", " ,", "  ", "Hi ,", "Hello ,", "Bonjour ,", "\n\n\n", "The  team", " · \n"] {
                        assert!(!text.contains(artifact), "{} #{index}: {artifact:?} in {text:?}", template.shortcut);
                    }
                    assert_eq!(text, text.trim_end(), "{} #{index} ends with blanks", template.shortcut);
                    if context.is_some() {
                        assert!(text.contains("Camille"), "{} #{index} does not name the author: {text:?}", template.shortcut);
                    }
                }
            }
        }
    }

    #[test]
    fn trailing_blank_lines_are_trimmed_and_the_caret_kept_inside() {
        let template = template(vec![variant(Lang::En, None, "Thanks!{{|}}\n\n{{> signature}}")]);
        let settings = Settings::default();
        let inputs = ReplyInputs { context: None, settings: &settings, today: None, fallback_lang: Lang::En };
        let reply = compose(&template, None, &inputs).expect("a variant").reply.expect("renders");
        assert_eq!(reply.text, "Thanks!");
        assert_eq!(reply.cursor_utf16, Some(7));
    }

    #[test]
    fn a_broken_template_is_reported_not_inserted() {
        let template = template(vec![variant(Lang::En, None, "Hi {{#open}} never closed")]);
        let settings = Settings::default();
        let inputs = ReplyInputs { context: None, settings: &settings, today: None, fallback_lang: Lang::En };
        assert!(compose(&template, None, &inputs).expect("a variant").reply.is_err());
    }
}
