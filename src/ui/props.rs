//! [`WidgetProps`], what configures a [`Widget`](super::Widget): its own module, since the
//! component and the hooks that make its client both read them.

use yew::prelude::*;

use super::i18n::{Messages, Strings};
use crate::{
    api::{Client, Signer},
    options::StorageKind,
};

/// Props of [`Widget`](super::Widget).
#[derive(Debug, Properties, PartialEq, Clone)]
pub struct WidgetProps {
    /// Cloudinary cloud name.
    pub cloud_name: AttrValue,
    /// Unsigned upload preset with "Return delete token" on.
    pub upload_preset: AttrValue,
    /// API origin (default `https://api.cloudinary.com`).
    #[prop_or_default]
    pub api_host: Option<AttrValue>,
    /// The language, as a BCP 47 tag (default `"en"`): built-in messages for `"en"`, `"de"`,
    /// `"fr"`, `"es"` and `"ja"`; for any other, supply [`strings`](Self::strings). Plurals,
    /// sizes and times follow it.
    #[prop_or(AttrValue::Static("en"))]
    pub locale: AttrValue,
    /// Messages of the page's own over the built-in ones, for any language; those it does not
    /// supply come from the locale's table, or English.
    ///
    /// ```
    /// use cloudinary_delete_token::ui::i18n::{Messages, Text};
    /// let italian: Messages = [(Text::Undo, "Annulla"), (Text::Empty, "Nessun caricamento.")]
    ///     .into_iter()
    ///     .collect();
    /// // html! { <Widget cloud_name="demo" upload_preset="undoable" locale="it" strings={italian} /> }
    /// ```
    #[prop_or_default]
    pub strings: Messages,
    /// Where entries persist: `sessionStorage` by default; [`StorageKind::Local`] shares them
    /// with every tab of the site, [`StorageKind::Memory`] keeps them nowhere else.
    #[prop_or_default]
    pub storage: StorageKind,
    /// Largest file accepted, in bytes.
    #[prop_or_default]
    pub max_file_size: Option<u64>,
    /// Accepted types, as in `<input accept>`: `"image/*,.pdf"`.
    #[prop_or_default]
    pub accept: Option<AttrValue>,
    /// The page's signer, for deletes after the token window: rows past it then offer a
    /// permanent "Delete" instead of expiring. Compared by identity: make it once.
    #[prop_or_default]
    pub sign_destroy: Option<Signer>,
    /// Called with the public id when an upload is recorded.
    #[prop_or_default]
    pub on_recorded: Callback<AttrValue>,
    /// Called with the public id when a delete is confirmed.
    #[prop_or_default]
    pub on_deleted: Callback<AttrValue>,
    /// Called with the public id when a window closes unused.
    #[prop_or_default]
    pub on_expired: Callback<AttrValue>,
    /// Called with the public id when a delete fails.
    #[prop_or_default]
    pub on_failed: Callback<AttrValue>,
    /// Called with the widget's client whenever it makes one (at the first render, and when the
    /// configuration changes): for `record()` of uploads made elsewhere.
    #[prop_or_default]
    pub on_client: Callback<Client>,
}

impl WidgetProps {
    /// The messages these props ask for: the page's own over the locale's table.
    pub(super) fn strings(&self) -> Strings {
        Strings::new(&self.locale, &self.strings)
    }
}
