//! The library itself: a validated list of templates, and the personal edits a community
//! manager makes from the panel (create, update, duplicate, delete, record a use).
//!
//! Every change is checked before it is applied, so a refused change leaves the library as
//! it was. The core has no clock and no randomness: callers pass `now_ms` and new ids.

use super::error::LibraryError;
use super::model::{Scope, Template, TemplateContent};
use super::validation::{shortcut_key, validate_content, validate_library, MAX_TEMPLATES};

/// A community manager's templates, personal and team, always valid as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Library {
    templates: Vec<Template>,
}

impl Library {
    /// A library of `templates`, refused whole if any rule is broken.
    pub fn new(templates: Vec<Template>) -> Result<Library, LibraryError> {
        validate_library(&templates)?;
        Ok(Library { templates })
    }

    pub fn templates(&self) -> &[Template] {
        &self.templates
    }

    pub fn len(&self) -> usize {
        self.templates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.templates.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.id == id)
    }

    /// The template whose shortcut is `typed`, compared without case or accents.
    pub fn template_for_shortcut(&self, typed: &str) -> Option<&Template> {
        let key = shortcut_key(typed);
        self.templates.iter().find(|t| shortcut_key(&t.shortcut) == key)
    }

    /// Adds a personal template written by `by`, with the caller-made `id`.
    pub fn create(
        &mut self,
        id: &str,
        content: TemplateContent,
        by: &str,
        now_ms: i64,
    ) -> Result<&Template, LibraryError> {
        if self.templates.len() >= MAX_TEMPLATES {
            return Err(LibraryError::TooManyTemplates {
                count: self.templates.len() + 1,
            });
        }
        if id.trim().is_empty() {
            return Err(LibraryError::MissingId);
        }
        if self.get(id).is_some() {
            return Err(LibraryError::DuplicateId { id: id.to_owned() });
        }
        validate_content(&content)?;
        self.refuse_taken_shortcut(&content.shortcut, None)?;
        self.templates.push(new_template(id, content, by, now_ms));
        Ok(&self.templates[self.templates.len() - 1])
    }

    /// Replaces the content of personal template `id`; bumps its version.
    pub fn update(
        &mut self,
        id: &str,
        content: TemplateContent,
        by: &str,
        now_ms: i64,
    ) -> Result<&Template, LibraryError> {
        self.update_as(id, content, by, now_ms, false)
    }

    /// Like [`Library::update`]; a `team_editor` (a member whose role may edit the team's
    /// templates: the server decides, the panel only offers what the role allows) may update
    /// team templates too.
    pub fn update_as(
        &mut self,
        id: &str,
        content: TemplateContent,
        by: &str,
        now_ms: i64,
        team_editor: bool,
    ) -> Result<&Template, LibraryError> {
        let position = self.editable_position(id, team_editor)?;
        validate_content(&content)?;
        self.refuse_taken_shortcut(&content.shortcut, Some(id))?;
        let template = &mut self.templates[position];
        template.title = content.title;
        template.shortcut = content.shortcut;
        template.tags = content.tags;
        template.variants = content.variants;
        template.folder = content.folder;
        template.updated_by = by.to_owned();
        template.updated_ms = now_ms;
        template.version = template.version.saturating_add(1);
        Ok(template)
    }

    /// Copies template `source_id` (personal or team) into a new personal template `new_id`,
    /// with a free shortcut (`merci` gives `merci-2`) and no usage yet.
    pub fn duplicate(
        &mut self,
        source_id: &str,
        new_id: &str,
        by: &str,
        now_ms: i64,
    ) -> Result<&Template, LibraryError> {
        let source = self.get(source_id).ok_or_else(|| LibraryError::NotFound {
            id: source_id.to_owned(),
        })?;
        let mut content = source.content();
        content.shortcut = self.free_shortcut(&source.shortcut)?;
        self.create(new_id, content, by, now_ms)
    }

    /// Removes personal template `id` and returns it.
    pub fn delete(&mut self, id: &str) -> Result<Template, LibraryError> {
        self.delete_as(id, false)
    }

    /// Like [`Library::delete`]; a `team_editor` may delete team templates too.
    pub fn delete_as(&mut self, id: &str, team_editor: bool) -> Result<Template, LibraryError> {
        let position = self.editable_position(id, team_editor)?;
        Ok(self.templates.remove(position))
    }

    /// Shares template `id` with the team (a team editor creating a template for everyone).
    pub fn share_with_team(&mut self, id: &str) -> Result<(), LibraryError> {
        let template = self.templates.iter_mut().find(|t| t.id == id).ok_or_else(|| LibraryError::NotFound { id: id.to_owned() })?;
        template.scope = Scope::Team;
        Ok(())
    }

    /// Counts one insertion of template `id` (team templates too: usage is local).
    pub fn record_use(&mut self, id: &str, now_ms: i64) -> Result<(), LibraryError> {
        let template = self
            .templates
            .iter_mut()
            .find(|t| t.id == id)
            .ok_or_else(|| LibraryError::NotFound { id: id.to_owned() })?;
        template.usage_count = template.usage_count.saturating_add(1);
        template.last_used_ms = Some(template.last_used_ms.map_or(now_ms, |last| last.max(now_ms)));
        Ok(())
    }

    /// Replaces every template at once (import); callers have validated the whole list.
    pub(super) fn replace_all(&mut self, templates: Vec<Template>) {
        self.templates = templates;
    }

    /// Position of `id`, if it exists and is personal (or the editor may edit team templates).
    fn editable_position(&self, id: &str, team_editor: bool) -> Result<usize, LibraryError> {
        let position = self
            .templates
            .iter()
            .position(|t| t.id == id)
            .ok_or_else(|| LibraryError::NotFound { id: id.to_owned() })?;
        let template = &self.templates[position];
        if template.scope == Scope::Team && !team_editor {
            return Err(LibraryError::TeamTemplate {
                title: template.title.clone(),
            });
        }
        Ok(position)
    }

    /// Refuses `shortcut` if another template than `except_id` already has it.
    fn refuse_taken_shortcut(&self, shortcut: &str, except_id: Option<&str>) -> Result<(), LibraryError> {
        let key = shortcut_key(shortcut);
        let taken = self
            .templates
            .iter()
            .find(|t| Some(t.id.as_str()) != except_id && shortcut_key(&t.shortcut) == key);
        match taken {
            Some(other) => Err(LibraryError::DuplicateShortcut {
                shortcut: shortcut.to_owned(),
                used_by: other.title.clone(),
            }),
            None => Ok(()),
        }
    }

    /// `base-2`, `base-3`... the first one no template uses.
    fn free_shortcut(&self, base: &str) -> Result<String, LibraryError> {
        let stem: String = base.chars().take(26).collect();
        (2..=self.templates.len() + 2)
            .map(|n| format!("{stem}-{n}"))
            .find(|candidate| self.refuse_taken_shortcut(candidate, None).is_ok())
            .ok_or_else(|| LibraryError::InvalidShortcut {
                shortcut: base.to_owned(),
            })
    }
}

fn new_template(id: &str, content: TemplateContent, by: &str, now_ms: i64) -> Template {
    Template {
        id: id.to_owned(),
        title: content.title,
        shortcut: content.shortcut,
        tags: content.tags,
        variants: content.variants,
        scope: Scope::Personal,
        usage_count: 0,
        last_used_ms: None,
        created_by: by.to_owned(),
        updated_by: by.to_owned(),
        created_ms: now_ms,
        updated_ms: now_ms,
        version: 1,
        folder: content.folder,
    }
}
