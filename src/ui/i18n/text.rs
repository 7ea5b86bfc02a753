//! [`Text`], the name of each message the widget shows, with its key in a page's `strings`
//! object, and [`Table`], one language's messages by `Text`. A leaf of its own: the built-in
//! tables (`tables.rs`) and the lookup (`i18n.rs`) both need it, and neither needs the other's.

use serde::{Deserialize, Deserializer, de};

/// Defines [`Text`] and its keys from one list, so the two cannot drift apart.
macro_rules! texts {
    ($($(#[doc = $doc:literal])* $text:ident = $key:literal;)*) => {
        /// One message of the widget. Its key in a page's `strings` object is its name in
        /// camelCase (`Text::TimeLeft` is `timeLeft`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Text {
            $($(#[doc = $doc])* $text,)*
        }

        impl Text {
            /// Every message, in order.
            pub const ALL: &[Text] = &[$(Text::$text),*];
            /// How many there are.
            pub const COUNT: usize = Self::ALL.len();
            /// Every key, in order, each followed by a space: one string rather than a table of
            /// string slices, which would take 8 more bytes of wasm per key.
            const KEYS: &str = concat!($($key, " "),*);
        }
    };
}

texts! {
/// Region label of the whole widget.
Region = "region";
/// Drop zone text.
DropHere = "dropHere";
/// The button that opens the file picker.
Choose = "choose";
/// Hint under the drop zone.
PasteHint = "pasteHint";
/// Accessible name of an upload's progress bar; `{name}`.
Uploading = "uploading";
/// Cancel an upload.
Cancel = "cancel";
/// Retry a failed upload.
Retry = "retry";
/// Dismiss a failed or refused file.
Dismiss = "dismiss";
/// An upload failed; `{reason}`.
UploadFailed = "uploadFailed";
/// Upload cancelled.
Cancelled = "cancelled";
/// A file is over the size limit; `{size}`, formatted for the locale.
TooLarge = "tooLarge";
/// A file's type is not accepted; `{types}`.
WrongType = "wrongType";
/// The preset returns no delete token.
NoToken = "noToken";
/// Time left to undo; `{time}` is the `m:ss` countdown.
TimeLeft = "timeLeft";
/// Accessible name of the window bar; `{name}`.
WindowBar = "windowBar";
/// Undo button text.
Undo = "undo";
/// Undo button accessible name; `{name}`.
UndoLabel = "undoLabel";
/// While deleting.
Deleting = "deleting";
/// Deleted.
Deleted = "deleted";
/// The undo window closed; `{time}`, when, formatted for the locale.
Expired = "expired";
/// A delete was refused; `{reason}`.
Failed = "failed";
/// Note on CDN caches.
CdnNote = "cdnNote";
/// "Delete all" button.
DeleteAll = "deleteAll";
/// Confirmation question, for one upload; `{count}`.
ConfirmAllOne = "confirmAllOne";
/// Confirmation question, for several; `{count}`.
ConfirmAll = "confirmAll";
/// Confirm.
ConfirmYes = "confirmYes";
/// Keep.
ConfirmNo = "confirmNo";
/// Empty list.
Empty = "empty";
/// The button of a row past its window, deleting through the page's signer.
DeleteSigned = "deleteSigned";
/// Its accessible name; `{name}`.
DeleteSignedLabel = "deleteSignedLabel";
/// What a row past its window says: a delete now cannot be undone.
Permanent = "permanent";
/// Announced for an upload without a token that the page's signer can delete; `{name}`.
SaidRecordedSigned = "saidRecordedSigned";
/// Announcement: recorded; `{name}`, `{time}`.
SaidRecorded = "saidRecorded";
/// Announcement: one minute left; `{name}`.
SaidMinute = "saidMinute";
/// Announcement: deleted; `{name}`.
SaidDeleted = "saidDeleted";
/// Announcement: expired; `{name}`.
SaidExpired = "saidExpired";
/// Announcement: a delete failed; `{name}`.
SaidFailed = "saidFailed";
/// Announcement: one upload restored after a reload; `{count}`.
SaidRestoredOne = "saidRestoredOne";
/// Announcement: several restored after a reload; `{count}`.
SaidRestored = "saidRestored";}

impl Text {
    /// Its key in a page's `strings` object.
    ///
    /// ```
    /// use cloudinary_delete_token::ui::i18n::Text;
    /// assert_eq!(Text::TimeLeft.key(), "timeLeft");
    /// assert_eq!(Text::from_key("undoLabel"), Some(Text::UndoLabel));
    /// ```
    pub fn key(self) -> &'static str {
        Self::KEYS.split(' ').nth(self as usize).unwrap_or_default()
    }

    /// The message named `key`, if there is one.
    pub fn from_key(key: &str) -> Option<Text> {
        Self::KEYS
            .split(' ')
            .position(|k| k == key)
            .and_then(|i| Self::ALL.get(i).copied())
    }
}

/// One language's messages, indexed by [`Text`].
pub type Table = [&'static str; Text::COUNT];

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let key = String::deserialize(d)?;
        Text::from_key(&key).ok_or_else(|| de::Error::custom(format!("unknown message `{key}`")))
    }
}
