//! Applies a descriptor's fixed text transforms to a value read from the page.

use super::descriptor::Transform;
use super::links::{path_segments, strip_query};

/// Applies `transforms` in order. Each is a plain string operation and cannot fail; a transform
/// that finds nothing to work on leaves an empty string, which counts as "not found".
pub fn apply_transforms(value: String, transforms: &[Transform]) -> String {
    transforms.iter().fold(value, apply)
}

fn apply(value: String, transform: &Transform) -> String {
    match transform {
        Transform::StripLeadingAt => value.trim_start().strip_prefix('@').map_or(value.clone(), str::to_owned),
        Transform::StripPrefix(prefix) => value.strip_prefix(prefix.as_str()).map_or(value.clone(), str::to_owned),
        Transform::StripSuffix(suffix) => value.strip_suffix(suffix.as_str()).map_or(value.clone(), str::to_owned),
        Transform::Before(marker) => {
            value.split_once(marker.as_str()).map_or(value.clone(), |(before, _)| before.to_owned())
        }
        Transform::After(marker) => {
            value.split_once(marker.as_str()).map_or_else(String::new, |(_, after)| after.to_owned())
        }
        Transform::Prepend(_) if value.is_empty() => value,
        Transform::Prepend(prefix) => format!("{prefix}{value}"),
        Transform::StripQuery => strip_query(&value).to_owned(),
        Transform::PathSegment(index) => {
            path_segments(&value).get(usize::from(*index)).map_or_else(String::new, |segment| (*segment).to_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(value: &str, transforms: &[Transform]) -> String {
        apply_transforms(value.to_owned(), transforms)
    }

    #[test]
    fn a_leading_at_is_stripped_once() {
        assert_eq!(run(" @@alice", &[Transform::StripLeadingAt]), "@alice");
        assert_eq!(run("alice", &[Transform::StripLeadingAt]), "alice");
    }

    #[test]
    fn before_and_after_cut_on_the_first_marker() {
        assert_eq!(
            run(
                "Comment by Alice Martin 2 hours ago",
                &[Transform::After("Comment by ".into()), Transform::Before(" ".into())]
            ),
            "Alice"
        );
        assert_eq!(run("no marker", &[Transform::After("by ".into())]), "");
    }

    #[test]
    fn a_path_segment_is_taken_from_a_link() {
        assert_eq!(
            run("https://www.linkedin.com/in/alice-martin/?mini=1", &[Transform::PathSegment(1)]),
            "alice-martin"
        );
        assert_eq!(run("/alice", &[Transform::PathSegment(3)]), "");
    }

    #[test]
    fn prepend_does_not_invent_a_value() {
        assert_eq!(run("", &[Transform::Prepend("https://www.reddit.com/user/".into())]), "");
        assert_eq!(
            run("bob", &[Transform::Prepend("https://www.reddit.com/user/".into())]),
            "https://www.reddit.com/user/bob"
        );
    }

    #[test]
    fn tracking_parameters_are_dropped() {
        assert_eq!(
            run("https://www.facebook.com/alice?comment_id=1&__cft__=x", &[Transform::StripQuery]),
            "https://www.facebook.com/alice"
        );
    }
}
