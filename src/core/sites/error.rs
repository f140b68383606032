//! Why a site descriptor was refused.

/// A descriptor refused by [`super::SiteDescriptor::from_json`], with where and why, so whoever
/// maintains the team's descriptors can fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DescriptorError {
    #[error("the descriptor is {size} bytes, the limit is {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("the descriptor is not valid JSON: {0}")]
    Syntax(String),
    /// A field is missing, has the wrong shape, or holds a value that is not allowed.
    #[error("{path}: {reason}")]
    Invalid { path: String, reason: String },
}

impl DescriptorError {
    pub(crate) fn invalid(path: impl Into<String>, reason: impl Into<String>) -> Self {
        DescriptorError::Invalid { path: path.into(), reason: reason.into() }
    }

    /// The field path the error is about (`fields.author_name[0].selector`), if any.
    pub fn path(&self) -> Option<&str> {
        match self {
            DescriptorError::Invalid { path, .. } => Some(path),
            _ => None,
        }
    }
}
