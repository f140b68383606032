#![cfg(not(target_arch = "wasm32"))]
//! Reading the comment being answered, per site, on fixture pages modelled on each site's
//! markup (see SITES.md for which markers are verified). For every site: a reply box under a
//! top-level comment gives that comment, and a reply box under a nested reply gives the reply's
//! author, not the post's nor the parent comment's.

mod sites_support;

use scraper::Html;
use sites_support::Node;
use tact::core::sites::{
    context_for_editor, extract_context, find_editor, find_submit, Completeness, ContextField, DomNode, EditorKind,
    ExtractedContext, Registry,
};

/// Focuses the element matching `focused` on `page` and reads the context the agent would send.
fn context_at(site_id: &str, page: &str, focused: &str, page_url: &str) -> (ExtractedContext, EditorKind) {
    let html = Html::parse_document(page);
    let registry = Registry::builtin();
    let site = registry.by_id(site_id).expect("site");
    let focused = Node::find(&html, focused);
    let (editor, kind) = find_editor(site, &focused).expect("the focused element is a reply editor");
    (context_for_editor(site, &editor, page_url), kind)
}

fn author(context: &ExtractedContext) -> (&str, &str, &str) {
    (&context.author.name, &context.author.handle, &context.author.profile_url)
}

// ---------------------------------------------------------------- X / Twitter

const X_PAGE: &str = r#"<html><body><main>
<div aria-label="Timeline: Conversation">
  <div data-testid="cellInnerDiv"><article data-testid="tweet" tabindex="-1">
    <div data-testid="User-Name">
      <div><a href="/brandco" role="link"><span>Brand   Co</span></a></div>
      <div><a href="/brandco" role="link" tabindex="-1"><span>@brandco</span></a><span>·</span>
        <a href="/brandco/status/100" role="link"><time datetime="2026-11-20T10:00:00.000Z">Nov 20</time></a></div>
    </div>
    <div data-testid="tweetText" lang="en"><span>Our new app is out!</span>
      <span> Tell us what you think.</span></div>
  </article></div>
  <div data-testid="cellInnerDiv"><div data-testid="inline_reply_offscreen">
    <div class="DraftEditor-root"><div class="public-DraftEditor-content" contenteditable="true"
      data-testid="tweetTextarea_0" id="focal-reply"></div></div>
    <button data-testid="tweetButtonInline">Reply</button></div></div>
  <div data-testid="cellInnerDiv"><article data-testid="tweet" tabindex="0">
    <div data-testid="User-Name">
      <div><a href="/alice_m" role="link"><span>Alice Martin</span></a></div>
      <div><a href="/alice_m" role="link"><span>@alice_m</span></a>
        <a href="/alice_m/status/101" role="link"><time datetime="2026-11-20T11:00:00.000Z">1h</time></a></div>
    </div>
    <div data-testid="tweetText"><span>Does it work offline?</span></div>
  </article></div>
</div></main>
<div role="dialog">
  <article data-testid="tweet">
    <div data-testid="User-Name">
      <div><a href="/alice_m" role="link"><span>Alice Martin</span></a></div>
      <div><a href="/alice_m" role="link"><span>@alice_m</span></a>
        <a href="/alice_m/status/101" role="link"><time datetime="2026-11-20T11:00:00.000Z">1h</time></a></div>
    </div>
    <div data-testid="tweetText"><span>Does it work offline?</span></div>
  </article>
  <div><div><div class="public-DraftEditor-content" contenteditable="true" data-testid="tweetTextarea_0" id="dialog-reply"></div></div>
  <button data-testid="tweetButton">Reply</button></div>
</div>
</body></html>"#;

#[test]
fn x_reads_the_focal_tweet_above_the_inline_reply_box() {
    let (context, kind) = context_at("x", X_PAGE, "#focal-reply", "https://x.com/brandco/status/100");
    assert_eq!(kind, EditorKind::Draftjs);
    assert_eq!(
        context,
        ExtractedContext {
            platform: "x".into(),
            author: tact::core::model::Author {
                name: "Brand Co".into(),
                handle: "brandco".into(),
                profile_url: "https://x.com/brandco".into(),
            },
            text: "Our new app is out! Tell us what you think.".into(),
            permalink: "https://x.com/brandco/status/100".into(),
            time: "2026-11-20T10:00:00.000Z".into(),
            thread_url: "https://x.com/brandco/status/100".into(),
            completeness: Completeness::Full,
        }
    );
}

#[test]
fn x_reply_dialog_on_a_nested_reply_reads_the_replys_author() {
    let (context, _) = context_at("x", X_PAGE, "#dialog-reply", "https://x.com/brandco/status/100");
    assert_eq!(author(&context), ("Alice Martin", "alice_m", "https://x.com/alice_m"));
    assert_eq!(context.text, "Does it work offline?");
    assert_eq!(context.permalink, "https://x.com/alice_m/status/101");
    assert_eq!(context.completeness, Completeness::Full);
}

#[test]
fn x_finds_the_submit_button_of_each_box() {
    let html = Html::parse_document(X_PAGE);
    let registry = Registry::builtin();
    let site = registry.by_id("x").expect("x");
    let inline = find_submit(site, &Node::find(&html, "#focal-reply")).expect("inline submit");
    assert_eq!(inline.attr("data-testid").as_deref(), Some("tweetButtonInline"));
    let dialog = find_submit(site, &Node::find(&html, "#dialog-reply")).expect("dialog submit");
    assert_eq!(dialog.attr("data-testid").as_deref(), Some("tweetButton"));
}

// ---------------------------------------------------------------- LinkedIn

const LINKEDIN_PAGE: &str = r#"<html><body>
<div role="article" class="feed-shared-update-v2" data-urn="urn:li:activity:7001">
  <div class="update-components-actor">
    <a class="update-components-actor__meta-link" href="https://www.linkedin.com/company/brandco/?trk=x">
      <span class="update-components-actor__title"><span aria-hidden="true">Brand Co</span><span class="visually-hidden">Brand Co</span></span>
    </a>
    <span class="update-components-actor__sub-description">3d • Edited</span>
  </div>
  <div class="feed-shared-update-v2__description"><div class="update-components-text"><span>We are hiring!</span></div></div>
  <div class="comments-comments-list">
    <article class="comments-comment-entity" data-id="urn:li:comment:(activity:7001,1)">
      <div class="comments-comment-meta">
        <a class="comments-comment-meta__description-container" href="/in/alice-martin/?miniProfileUrn=1">
          <span class="comments-comment-meta__description-title">Alice Martin</span></a>
        <time class="comments-comment-meta__data">2h</time>
      </div>
      <div class="comments-comment-entity__content"><div class="update-components-text"><span>Is the role remote?</span></div></div>
      <div class="comments-replies-list">
        <article class="comments-comment-entity comments-comment-entity--reply">
          <div class="comments-comment-meta">
            <a class="comments-comment-meta__description-container" href="/in/bob-durand/">
              <span class="comments-comment-meta__description-title">Bob Durand</span></a>
            <time class="comments-comment-meta__data">1h</time>
          </div>
          <div class="comments-comment-entity__content"><div class="update-components-text"><span>I wondered too.</span></div></div>
          <div class="comments-comment-box--reply"><div class="ql-editor" contenteditable="true" id="reply-bob"><p><br></p></div></div>
        </article>
      </div>
      <div class="comments-comment-box"><div class="tiptap ProseMirror" contenteditable="true" id="reply-alice"></div>
        <button class="comments-comment-box__submit-button">Reply</button></div>
    </article>
  </div>
  <div class="comments-comment-box"><div class="ql-editor" contenteditable="true" id="comment-post"></div></div>
</div>
</body></html>"#;

const LINKEDIN_URL: &str = "https://www.linkedin.com/feed/";

#[test]
fn linkedin_reply_to_a_comment_reads_the_comment() {
    let (context, kind) = context_at("linkedin", LINKEDIN_PAGE, "#reply-alice", LINKEDIN_URL);
    assert_eq!(kind, EditorKind::Prosemirror);
    assert_eq!(author(&context), ("Alice Martin", "alice-martin", "https://www.linkedin.com/in/alice-martin/"));
    assert_eq!(context.text, "Is the role remote?");
    assert_eq!(context.time, "2h");
    assert_eq!(context.thread_url, "https://www.linkedin.com/feed/update/urn:li:activity:7001");
    assert_eq!(context.completeness, Completeness::Full);
}

#[test]
fn linkedin_reply_to_a_nested_reply_reads_the_replys_author() {
    let (context, kind) = context_at("linkedin", LINKEDIN_PAGE, "#reply-bob", LINKEDIN_URL);
    assert_eq!(kind, EditorKind::Quill);
    assert_eq!(author(&context), ("Bob Durand", "bob-durand", "https://www.linkedin.com/in/bob-durand/"));
    assert_eq!(context.text, "I wondered too.");
}

#[test]
fn linkedin_comment_on_the_post_reads_the_post_not_its_comments() {
    let (context, _) = context_at("linkedin", LINKEDIN_PAGE, "#comment-post", LINKEDIN_URL);
    assert_eq!(author(&context), ("Brand Co", "brandco", "https://www.linkedin.com/company/brandco/"));
    assert_eq!(context.text, "We are hiring!");
    assert_eq!(context.time, "3d");
    assert_eq!(context.completeness, Completeness::Full);
}

// ---------------------------------------------------------------- Facebook

const FACEBOOK_PAGE: &str = r#"<html><body><div role="feed">
<div role="article" aria-label="Post by Brand Co">
  <h2><a role="link" href="https://www.facebook.com/brandco?__cft__=abc"><span dir="auto">Brand Co</span></a></h2>
  <div data-ad-preview="message"><div dir="auto">Launch day!</div></div>
  <a href="https://www.facebook.com/brandco/posts/123?__cft__=abc">1d</a>
  <ul>
    <li>
      <div role="article" aria-label="Comment by Alice Martin">
        <a role="link" href="https://www.facebook.com/alice.martin?comment_id=c1&amp;__cft__=z"><span dir="auto">Alice Martin</span></a>
        <div dir="auto">Where can I buy it?</div>
        <a href="https://www.facebook.com/brandco/posts/123?comment_id=c1&amp;__cft__=z">2h</a>
      </div>
      <div><ul><li>
        <div role="article" aria-label="Reply by Bob Durand">
          <a role="link" href="https://www.facebook.com/bob.durand?comment_id=c2"><span dir="auto">Bob Durand</span></a>
          <div dir="auto">Same question</div>
          <a href="https://www.facebook.com/brandco/posts/123?comment_id=c1&amp;reply_comment_id=c2">1h</a>
        </div>
        <form><div role="textbox" contenteditable="true" data-lexical-editor="true" id="reply-bob"></div>
          <div role="button" aria-label="Comment">Send</div></form>
      </li></ul></div>
      <form><div role="textbox" contenteditable="true" data-lexical-editor="true" id="reply-alice"></div></form>
    </li>
  </ul>
  <form><div role="textbox" contenteditable="true" data-lexical-editor="true" id="comment-post"></div></form>
</div></div></body></html>"#;

const FACEBOOK_URL: &str = "https://www.facebook.com/brandco/posts/123";

#[test]
fn facebook_reply_to_a_comment_reads_the_comment() {
    let (context, kind) = context_at("facebook", FACEBOOK_PAGE, "#reply-alice", FACEBOOK_URL);
    assert_eq!(kind, EditorKind::Lexical);
    assert_eq!(context.author.name, "Alice Martin");
    assert_eq!(context.author.profile_url, "https://www.facebook.com/alice.martin");
    assert_eq!(context.text, "Where can I buy it?");
    assert_eq!(context.permalink, "https://www.facebook.com/brandco/posts/123?comment_id=c1&__cft__=z");
    assert_eq!(context.time, "2h");
    assert_eq!(context.completeness, Completeness::Full);
}

#[test]
fn facebook_reply_to_a_nested_reply_reads_the_replys_author() {
    let (context, _) = context_at("facebook", FACEBOOK_PAGE, "#reply-bob", FACEBOOK_URL);
    assert_eq!(context.author.name, "Bob Durand");
    assert_eq!(context.text, "Same question");
}

#[test]
fn facebook_comment_on_the_post_reads_the_post_and_says_what_is_missing() {
    let (context, _) = context_at("facebook", FACEBOOK_PAGE, "#comment-post", FACEBOOK_URL);
    assert_eq!(context.author.name, "Brand Co");
    assert_eq!(context.text, "Launch day!");
    assert_eq!(context.permalink, "https://www.facebook.com/brandco/posts/123");
    assert_eq!(context.completeness, Completeness::Partial { missing: vec![ContextField::Time] });
}

// ---------------------------------------------------------------- Instagram

fn instagram_page(draft: &str) -> String {
    format!(
        r#"<html><body><main role="main"><article role="presentation">
  <header><h2><a href="/brandco/">brandco</a></h2></header>
  <h1 dir="auto">New colours are here</h1>
  <a href="/p/XYZ/"><time datetime="2026-11-19T08:00:00.000Z">1d</time></a>
  <ul>
    <li><h3><a href="/alice.m/">alice.m</a></h3><span dir="auto">Love the green one</span>
      <a href="/p/XYZ/c/1/"><time datetime="2026-11-20T10:00:00.000Z">2h</time></a>
      <ul><li><h3><a href="/bob_d/">bob_d</a></h3><span dir="auto">@alice.m same here</span>
        <a href="/p/XYZ/c/2/"><time datetime="2026-11-20T11:00:00.000Z">1h</time></a></li></ul>
    </li>
  </ul>
  <section><form><textarea aria-label="Add a comment…" id="box">{draft}</textarea><div role="button">Post</div></form></section>
</article></main></body></html>"#
    )
}

const INSTAGRAM_URL: &str = "https://www.instagram.com/p/XYZ/";

#[test]
fn instagram_reply_to_a_comment_follows_the_prefilled_mention() {
    let (context, kind) = context_at("instagram", &instagram_page("@alice.m "), "#box", INSTAGRAM_URL);
    assert_eq!(kind, EditorKind::Textarea);
    assert_eq!(author(&context), ("alice.m", "alice.m", "https://www.instagram.com/alice.m/"));
    assert_eq!(context.text, "Love the green one");
    assert_eq!(context.permalink, "https://www.instagram.com/p/XYZ/c/1/");
    assert_eq!(context.completeness, Completeness::Full);
}

#[test]
fn instagram_reply_to_a_nested_reply_reads_the_replys_author() {
    let (context, _) = context_at("instagram", &instagram_page("@bob_d merci"), "#box", INSTAGRAM_URL);
    assert_eq!(context.author.handle, "bob_d");
    assert_eq!(context.text, "@alice.m same here");
}

#[test]
fn instagram_comment_without_a_mention_reads_the_post() {
    let (context, _) = context_at("instagram", &instagram_page(""), "#box", INSTAGRAM_URL);
    assert_eq!(context.author.handle, "brandco");
    assert_eq!(context.text, "New colours are here");
    assert_eq!(context.permalink, "https://www.instagram.com/p/XYZ/");
}

// ---------------------------------------------------------------- YouTube

const YOUTUBE_PAGE: &str = r#"<html><body><ytd-comments id="comments">
<ytd-comment-simplebox-renderer><div id="contenteditable-root" contenteditable="true" data-test="new-comment"></div></ytd-comment-simplebox-renderer>
<ytd-comment-thread-renderer>
  <ytd-comment-view-model id="comment">
    <div id="header-author"><a id="author-text" href="/@alice"><span> @alice </span></a>
      <span id="published-time-text"><a href="/watch?v=abc&amp;lc=c1">2 hours ago</a></span></div>
    <div id="content"><span id="content-text">Great video!</span></div>
    <div id="reply-dialog"><ytd-comment-reply-dialog-renderer><ytd-commentbox>
      <div id="contenteditable-root" contenteditable="true" data-test="reply-alice"></div>
      <div id="submit-button"><button>Reply</button></div>
    </ytd-commentbox></ytd-comment-reply-dialog-renderer></div>
  </ytd-comment-view-model>
  <div id="replies"><ytd-comment-replies-renderer>
    <ytd-comment-view-model>
      <div id="header-author"><a id="author-text" href="/@bob.d"><span>@bob.d</span></a>
        <span id="published-time-text"><a href="/watch?v=abc&amp;lc=c1.r1">1 hour ago</a></span></div>
      <div id="content"><span id="content-text">Agreed</span></div>
      <div id="reply-dialog"><ytd-commentbox>
        <div id="contenteditable-root" contenteditable="true" data-test="reply-bob"></div>
      </ytd-commentbox></div>
    </ytd-comment-view-model>
  </ytd-comment-replies-renderer></div>
</ytd-comment-thread-renderer>
</ytd-comments></body></html>"#;

const YOUTUBE_URL: &str = "https://www.youtube.com/watch?v=abc";

#[test]
fn youtube_reply_to_a_comment_reads_the_comment() {
    let (context, kind) = context_at("youtube", YOUTUBE_PAGE, "[data-test=reply-alice]", YOUTUBE_URL);
    assert_eq!(kind, EditorKind::Contenteditable);
    assert_eq!(author(&context), ("@alice", "alice", "https://www.youtube.com/@alice"));
    assert_eq!(context.text, "Great video!");
    assert_eq!(context.permalink, "https://www.youtube.com/watch?v=abc&lc=c1");
    assert_eq!(context.time, "2 hours ago");
    assert_eq!(context.completeness, Completeness::Full);
}

#[test]
fn youtube_reply_to_a_nested_reply_reads_the_replys_author() {
    let (context, _) = context_at("youtube", YOUTUBE_PAGE, "[data-test=reply-bob]", YOUTUBE_URL);
    assert_eq!(author(&context), ("@bob.d", "bob.d", "https://www.youtube.com/@bob.d"));
    assert_eq!(context.text, "Agreed");
}

#[test]
fn youtube_new_comment_box_has_an_empty_context() {
    let (context, _) = context_at("youtube", YOUTUBE_PAGE, "[data-test=new-comment]", YOUTUBE_URL);
    assert_eq!(context, ExtractedContext::empty("youtube"));
}

// ---------------------------------------------------------------- Reddit (new)

const REDDIT_PAGE: &str = r#"<html><body><shreddit-app><main>
<shreddit-post author="brandco" permalink="/r/brand/comments/abc/launch_day/" post-title="Launch day" created-timestamp="2026-11-19T09:00:00.000000+0000">
  <div slot="text-body"><p>We launched   today.</p></div>
</shreddit-post>
<comment-composer-host><shreddit-composer><div contenteditable="true" data-lexical-editor="true" id="top-composer"></div></shreddit-composer></comment-composer-host>
<shreddit-comment-tree>
  <shreddit-comment author="alice" depth="0" permalink="/r/brand/comments/abc/comment/c1/">
    <faceplate-timeago ts="2026-11-20T10:00:00.000Z"><time datetime="2026-11-20T10:00:00.000Z">2h ago</time></faceplate-timeago>
    <div slot="comment"><p>Is it open source?</p></div>
    <shreddit-composer slot="reply"><div contenteditable="true" id="reply-alice"></div></shreddit-composer>
    <shreddit-comment author="bob" depth="1" permalink="/r/brand/comments/abc/comment/c2/">
      <time datetime="2026-11-20T11:00:00.000Z">1h ago</time>
      <div slot="comment"><p>Asking the same.</p></div>
      <shreddit-composer slot="reply"><div contenteditable="true" id="reply-bob"></div></shreddit-composer>
    </shreddit-comment>
  </shreddit-comment>
</shreddit-comment-tree>
</main></shreddit-app></body></html>"#;

const REDDIT_URL: &str = "https://www.reddit.com/r/brand/comments/abc/launch_day/";

#[test]
fn reddit_reply_to_a_comment_reads_the_comment_attributes() {
    let (context, kind) = context_at("reddit", REDDIT_PAGE, "#reply-alice", REDDIT_URL);
    assert_eq!(kind, EditorKind::Lexical);
    assert_eq!(author(&context), ("alice", "alice", "https://www.reddit.com/user/alice"));
    assert_eq!(context.text, "Is it open source?");
    assert_eq!(context.permalink, "https://www.reddit.com/r/brand/comments/abc/comment/c1/");
    assert_eq!(context.time, "2026-11-20T10:00:00.000Z");
    assert_eq!(context.completeness, Completeness::Full);
}

#[test]
fn reddit_reply_to_a_nested_reply_reads_the_replys_author() {
    let (context, _) = context_at("reddit", REDDIT_PAGE, "#reply-bob", REDDIT_URL);
    assert_eq!(author(&context), ("bob", "bob", "https://www.reddit.com/user/bob"));
    assert_eq!(context.text, "Asking the same.");
    assert_eq!(context.time, "2026-11-20T11:00:00.000Z");
}

#[test]
fn reddit_top_level_composer_reads_the_post() {
    let (context, _) = context_at("reddit", REDDIT_PAGE, "#top-composer", REDDIT_URL);
    assert_eq!(context.author.handle, "brandco");
    assert_eq!(context.text, "We launched today.");
    assert_eq!(context.permalink, REDDIT_URL);
    assert_eq!(context.completeness, Completeness::Full);
}

// ---------------------------------------------------------------- Reddit (old)

const OLD_REDDIT_PAGE: &str = r#"<html><body><div class="content" role="main">
<div id="siteTable" class="sitetable linklisting">
  <div class="thing link" data-author="brandco" data-permalink="/r/brand/comments/abc/launch_day/">
    <div class="entry"><p class="title"><a class="title" href="https://brand.example/launch">Launch day</a></p>
      <p class="tagline">submitted <time datetime="2026-11-19T09:00:00+00:00">1 day ago</time> by
        <a class="author" href="https://old.reddit.com/user/brandco">brandco</a></p></div>
  </div>
</div>
<div class="commentarea">
  <form class="usertext cloneable"><div class="usertext-edit"><textarea name="text" id="top-reply"></textarea></div>
    <div class="usertext-buttons"><button type="submit" class="save">save</button></div></form>
  <div class="sitetable nestedlisting">
    <div class="thing comment" data-author="alice" data-permalink="/r/brand/comments/abc/launch_day/c1/">
      <div class="entry"><p class="tagline"><a class="author" href="https://old.reddit.com/user/alice">alice</a>
        <time datetime="2026-11-20T10:00:00+00:00">2 hours ago</time></p>
        <form class="usertext"><div class="usertext-body"><div class="md"><p>Is it open source?</p></div></div></form></div>
      <div class="child">
        <form class="usertext"><div class="usertext-edit"><textarea name="text" id="reply-alice"></textarea></div>
          <div class="usertext-buttons"><button type="submit" class="save">save</button></div></form>
        <div class="sitetable listing">
          <div class="thing comment" data-author="bob" data-permalink="/r/brand/comments/abc/launch_day/c2/">
            <div class="entry"><p class="tagline"><a class="author" href="https://old.reddit.com/user/bob">bob</a>
              <time datetime="2026-11-20T11:00:00+00:00">1 hour ago</time></p>
              <form class="usertext"><div class="usertext-body"><div class="md"><p>Same question.</p></div></div></form></div>
            <div class="child"><form class="usertext"><div class="usertext-edit"><textarea name="text" id="reply-bob"></textarea></div></form></div>
          </div>
        </div>
      </div>
    </div>
  </div>
</div>
</div></body></html>"#;

const OLD_REDDIT_URL: &str = "https://old.reddit.com/r/brand/comments/abc/launch_day/";

#[test]
fn old_reddit_reply_to_a_comment_reads_the_comment() {
    let (context, kind) = context_at("old_reddit", OLD_REDDIT_PAGE, "#reply-alice", OLD_REDDIT_URL);
    assert_eq!(kind, EditorKind::Textarea);
    assert_eq!(author(&context), ("alice", "alice", "https://old.reddit.com/user/alice"));
    assert_eq!(context.text, "Is it open source?");
    assert_eq!(context.permalink, "https://old.reddit.com/r/brand/comments/abc/launch_day/c1/");
    assert_eq!(context.time, "2026-11-20T10:00:00+00:00");
    assert_eq!(context.completeness, Completeness::Full);
}

#[test]
fn old_reddit_reply_to_a_nested_reply_reads_the_replys_author() {
    let (context, _) = context_at("old_reddit", OLD_REDDIT_PAGE, "#reply-bob", OLD_REDDIT_URL);
    assert_eq!(author(&context), ("bob", "bob", "https://old.reddit.com/user/bob"));
    assert_eq!(context.text, "Same question.");
}

#[test]
fn old_reddit_top_level_box_reads_the_link_post() {
    let (context, _) = context_at("old_reddit", OLD_REDDIT_PAGE, "#top-reply", OLD_REDDIT_URL);
    assert_eq!(context.author.handle, "brandco");
    assert_eq!(context.text, "Launch day");
    assert_eq!(context.completeness, Completeness::Full);
}

#[test]
fn old_reddit_submit_is_the_save_button_of_the_same_form() {
    let html = Html::parse_document(OLD_REDDIT_PAGE);
    let registry = Registry::builtin();
    let site = registry.by_id("old_reddit").expect("old_reddit");
    let editor = Node::find(&html, "#reply-alice");
    let submit = find_submit(site, &editor).expect("submit");
    assert_eq!(
        submit.closest("form").and_then(|form| form.query("textarea")).and_then(|t| t.attr("id")).as_deref(),
        Some("reply-alice")
    );
}

// ---------------------------------------------------------------- TikTok

const TIKTOK_PAGE: &str = r#"<html><body><div class="css-1a-DivCommentListContainer">
<div class="css-2b-DivCommentItemContainer">
  <div class="css-3c-DivCommentContentContainer">
    <a href="/@alice_tt"><span data-e2e="comment-username-1">Alice</span></a>
    <p data-e2e="comment-level-1"><span>So cool</span></p>
    <div data-e2e="comment-input"><div contenteditable="true" id="reply-alice"></div></div>
  </div>
  <div class="css-4d-DivReplyContainer">
    <div class="css-3c-DivCommentContentContainer">
      <a href="/@bob_tt"><span data-e2e="comment-username-2">Bob</span></a>
      <p data-e2e="comment-level-2"><span>Where is this?</span></p>
      <div data-e2e="comment-input"><div contenteditable="true" id="reply-bob"></div></div>
    </div>
  </div>
</div></div></body></html>"#;

const TIKTOK_URL: &str = "https://www.tiktok.com/@brandco/video/1";

#[test]
fn tiktok_reply_to_a_comment_reads_the_comment() {
    let (context, kind) = context_at("tiktok", TIKTOK_PAGE, "#reply-alice", TIKTOK_URL);
    assert_eq!(kind, EditorKind::Draftjs);
    assert_eq!(author(&context), ("Alice", "alice_tt", "https://www.tiktok.com/@alice_tt"));
    assert_eq!(context.text, "So cool");
    assert_eq!(context.thread_url, TIKTOK_URL);
    assert_eq!(context.completeness, Completeness::Full);
}

#[test]
fn tiktok_reply_to_a_nested_reply_reads_the_replys_author() {
    let (context, _) = context_at("tiktok", TIKTOK_PAGE, "#reply-bob", TIKTOK_URL);
    assert_eq!(author(&context), ("Bob", "bob_tt", "https://www.tiktok.com/@bob_tt"));
    assert_eq!(context.text, "Where is this?");
}

// ---------------------------------------------------------------- generic: WordPress

fn wordpress_page(respond_in: &str) -> String {
    let respond = r#"<div id="respond" class="comment-respond"><form id="commentform" class="comment-form">
      <textarea id="comment" name="comment"></textarea>
      <input name="submit" type="submit" id="submit" value="Post Comment"></form></div>"#;
    let slot = |name: &str| if name == respond_in { respond } else { "" };
    format!(
        r#"<html><body>
<article id="post-1" class="post"><h1 class="entry-title">Hello</h1><div class="entry-content"><p>Post body</p></div></article>
<div id="comments" class="comments-area"><ol class="comment-list">
  <li id="comment-2" class="comment even thread-even depth-1 parent">
    <article id="div-comment-2" class="comment-body">
      <footer class="comment-meta"><div class="comment-author vcard"><b class="fn"><a href="https://alice.example" class="url" rel="ugc external nofollow">Alice</a></b> <span class="says">says:</span></div>
        <div class="comment-metadata"><a href="https://blog.example/hello/#comment-2"><time datetime="2026-11-20T10:00:00+00:00">November 20, 2026</time></a></div></footer>
      <div class="comment-content"><p>Nice post,</p><p>thanks!</p></div>
    </article>
    {alice}
    <ol class="children">
      <li id="comment-3" class="comment odd alt depth-2">
        <article id="div-comment-3" class="comment-body">
          <footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Bob</b> <span class="says">says:</span></div>
            <div class="comment-metadata"><a href="https://blog.example/hello/#comment-3"><time datetime="2026-11-20T11:00:00+00:00">November 20, 2026</time></a></div></footer>
          <div class="comment-content"><p>Agreed with Alice</p></div>
        </article>
        {bob}
      </li>
    </ol>
  </li>
</ol>
{bottom}
</div></body></html>"#,
        alice = slot("alice"),
        bob = slot("bob"),
        bottom = slot("bottom"),
    )
}

const BLOG_URL: &str = "https://blog.example/hello/";

#[test]
fn generic_reads_a_wordpress_comment_being_replied_to() {
    let (context, kind) = context_at("generic", &wordpress_page("alice"), "textarea#comment", BLOG_URL);
    assert_eq!(kind, EditorKind::Textarea);
    assert_eq!(author(&context), ("Alice", "", "https://alice.example"));
    assert_eq!(context.text, "Nice post, thanks!");
    assert_eq!(context.permalink, "https://blog.example/hello/#comment-2");
    assert_eq!(context.time, "2026-11-20T10:00:00+00:00");
    // WordPress has no handles: the panel is told plainly rather than given a guess.
    assert_eq!(context.completeness, Completeness::Partial { missing: vec![ContextField::AuthorHandle] });
}

#[test]
fn generic_reads_the_nested_wordpress_reply_not_its_parent() {
    let (context, _) = context_at("generic", &wordpress_page("bob"), "textarea#comment", BLOG_URL);
    assert_eq!(context.author.name, "Bob");
    assert_eq!(context.text, "Agreed with Alice");
    assert_eq!(context.permalink, "https://blog.example/hello/#comment-3");
    assert_eq!(context.missing(), [ContextField::AuthorHandle, ContextField::AuthorProfile]);
}

#[test]
fn generic_leaves_the_context_empty_for_a_new_comment_on_the_post() {
    let (context, _) = context_at("generic", &wordpress_page("bottom"), "textarea#comment", BLOG_URL);
    assert_eq!(context, ExtractedContext::empty("generic"));
}

#[test]
fn generic_finds_the_wordpress_submit_button() {
    let html = Html::parse_document(&wordpress_page("bob"));
    let registry = Registry::builtin();
    let submit = find_submit(registry.generic(), &Node::find(&html, "textarea#comment")).expect("submit");
    assert_eq!(submit.attr("id").as_deref(), Some("submit"));
}

// ---------------------------------------------------------------- generic: Discourse

const DISCOURSE_PAGE: &str = r#"<html><body><div id="main-outlet"><div class="post-stream">
  <div class="topic-post clearfix regular">
    <article id="post_1" data-post-id="1" class="boxed onscreen-post" role="region">
      <div class="topic-body"><div class="topic-meta-data">
        <div class="names trigger-user-card"><span class="first username"><a href="/u/alice" data-user-card="alice">alice</a></span></div>
        <div class="post-infos"><div class="post-info post-date"><a class="post-date" href="/t/launch/42/1"><span class="relative-date" data-time="1763632800000">2h</span></a></div></div>
      </div>
      <div class="regular contents"><div class="cooked"><p>Question about the launch</p></div></div></div>
    </article>
  </div>
</div></div>
<div id="reply-control" class="composer-action-reply open"><div class="reply-area">
  <div class="d-editor-textarea-wrapper"><textarea class="d-editor-input" aria-label="Type here"></textarea></div>
  <div class="save-or-cancel"><button class="btn btn-primary create">Reply</button></div>
</div></div>
</body></html>"#;

const FORUM_URL: &str = "https://forum.example.org/t/launch/42";

#[test]
fn generic_finds_the_discourse_composer_and_its_button_without_guessing_a_context() {
    let html = Html::parse_document(DISCOURSE_PAGE);
    let registry = Registry::builtin();
    let generic = registry.generic();
    let (editor, kind) = find_editor(generic, &Node::find(&html, "textarea.d-editor-input")).expect("editor");
    assert_eq!(kind, EditorKind::Textarea);
    let submit = find_submit(generic, &editor).expect("submit");
    assert!(submit.matches("button.create"));
    assert_eq!(context_for_editor(generic, &editor, FORUM_URL), ExtractedContext::empty("generic"));
}

#[test]
fn generic_reads_a_discourse_post_fully() {
    let html = Html::parse_document(DISCOURSE_PAGE);
    let registry = Registry::builtin();
    let post = Node::find(&html, ".topic-post");
    let context = extract_context(registry.generic(), &post, FORUM_URL);
    assert_eq!(author(&context), ("alice", "alice", "https://forum.example.org/u/alice"));
    assert_eq!(context.text, "Question about the launch");
    assert_eq!(context.permalink, "https://forum.example.org/t/launch/42/1");
    assert_eq!(context.time, "1763632800000");
    assert_eq!(context.completeness, Completeness::Full);
}

#[test]
fn generic_does_not_take_a_comment_form_for_a_comment() {
    let page = r#"<html><body><form id="comment-form" class="comment"><textarea id="edit-comment-body"></textarea></form></body></html>"#;
    let (context, _) = context_at("generic", page, "textarea", "https://drupal.example/node/1");
    assert_eq!(context, ExtractedContext::empty("generic"));
}

#[test]
fn generic_leaves_a_page_without_comments_empty() {
    let page = r#"<html><body><h1>Contact</h1><form><textarea name="message" id="message"></textarea><button type="submit">Send</button></form></body></html>"#;
    let (context, kind) = context_at("generic", page, "#message", "https://shop.example/contact");
    assert_eq!(kind, EditorKind::Textarea);
    assert_eq!(context.completeness, Completeness::None);
    assert_eq!(context, ExtractedContext::empty("generic"));
}

// ---------------------------------------------------------------- page data stays data

#[test]
fn hostile_links_and_floods_are_neutralised() {
    let flood = "spam ".repeat(3_000);
    let page = format!(
        r#"<html><body><shreddit-comment author="mallory" permalink="javascript:alert(1)">
        <div slot="comment"><p>{flood}<script>alert(1)</script></p></div>
        <shreddit-composer><div contenteditable="true" id="reply"></div></shreddit-composer></shreddit-comment></body></html>"#
    );
    let (context, _) = context_at("reddit", &page, "#reply", REDDIT_URL);
    assert_eq!(context.permalink, "", "a javascript: link is dropped");
    assert!(context.missing().contains(&ContextField::Permalink));
    assert_eq!(context.text.chars().count(), tact::core::model::context::MAX_TEXT_CHARS);
    assert!(context.text.ends_with('…'));
}

#[test]
fn the_context_converts_to_the_wire_type() {
    let (context, _) = context_at("reddit", REDDIT_PAGE, "#reply-bob", REDDIT_URL);
    let wire = context.to_comment_context(REDDIT_URL);
    assert_eq!(wire.platform, "reddit");
    assert_eq!(wire.author.handle, "bob");
    assert_eq!(wire.page_url, REDDIT_URL);
    assert_eq!(wire.completeness, tact::core::model::Completeness::Full);
}
