//! Every string the widget shows, in one table per language (en, de, fr, es, ja). `{name}`, `{time}`, `{count}`,
//! `{size}`, `{types}` and `{reason}` are filled in by [`fill`].

/// The widget's strings in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Strings {
    /// The locale tag.
    pub locale: &'static str,
    /// Region label of the whole widget.
    pub region: &'static str,
    /// Drop zone text.
    pub drop_here: &'static str,
    /// The button that opens the file picker.
    pub choose: &'static str,
    /// Hint under the drop zone.
    pub paste_hint: &'static str,
    /// Accessible name of an upload's progress bar.
    pub uploading: &'static str,
    /// Cancel an upload.
    pub cancel: &'static str,
    /// Retry a failed upload.
    pub retry: &'static str,
    /// Dismiss a failed or refused file.
    pub dismiss: &'static str,
    /// Upload failed.
    pub upload_failed: &'static str,
    /// Upload cancelled.
    pub cancelled: &'static str,
    /// File too large.
    pub too_large: &'static str,
    /// File type not accepted.
    pub wrong_type: &'static str,
    /// The preset returns no delete token.
    pub no_token: &'static str,
    /// Time left to undo.
    pub time_left: &'static str,
    /// Accessible name of the window bar.
    pub window_bar: &'static str,
    /// Undo button text.
    pub undo: &'static str,
    /// Undo button accessible name.
    pub undo_label: &'static str,
    /// While deleting.
    pub deleting: &'static str,
    /// Deleted.
    pub deleted: &'static str,
    /// Window over.
    pub expired: &'static str,
    /// Delete refused.
    pub failed: &'static str,
    /// Note on CDN caches.
    pub cdn_note: &'static str,
    /// "Delete all" button.
    pub delete_all: &'static str,
    /// Confirmation question, for one upload.
    pub confirm_all_one: &'static str,
    /// Confirmation question, for several.
    pub confirm_all: &'static str,
    /// Confirm.
    pub confirm_yes: &'static str,
    /// Keep.
    pub confirm_no: &'static str,
    /// Empty list.
    pub empty: &'static str,
    /// Announcement: recorded.
    pub said_recorded: &'static str,
    /// Announcement: one minute left.
    pub said_minute: &'static str,
    /// Announcement: deleted.
    pub said_deleted: &'static str,
    /// Announcement: expired.
    pub said_expired: &'static str,
    /// Announcement: a delete failed.
    pub said_failed: &'static str,
    /// Announcement: one entry restored after reload.
    pub said_restored_one: &'static str,
    /// Announcement: several restored after reload.
    pub said_restored: &'static str,
}

/// English (the default).
pub const EN: Strings = Strings {
    locale: "en",
    region: "Uploads you can undo",
    drop_here: "Drop files here, paste them, or",
    choose: "choose files",
    paste_hint: "Each upload can be undone for about 10 minutes.",
    uploading: "Uploading {name}",
    cancel: "Cancel",
    retry: "Retry",
    dismiss: "Dismiss",
    upload_failed: "Upload failed: {reason}",
    cancelled: "Upload cancelled",
    too_large: "Too large: the limit is {size}",
    wrong_type: "Not accepted: only {types}",
    no_token: "Uploaded, but it cannot be undone: the upload preset does not return delete tokens. Turn on \"Return delete token\" in the preset.",
    time_left: "{time} left to undo",
    window_bar: "Time left to undo {name}",
    undo: "Undo",
    undo_label: "Undo upload of {name}",
    deleting: "Deleting…",
    deleted: "Deleted",
    expired: "Undo window closed",
    failed: "Could not delete: {reason}",
    cdn_note: "Copies cached by the CDN may stay visible for a few minutes.",
    delete_all: "Delete all",
    confirm_all_one: "Delete the upload that can still be undone?",
    confirm_all: "Delete all {count} uploads that can still be undone?",
    confirm_yes: "Delete them",
    confirm_no: "Keep them",
    empty: "No uploads yet.",
    said_recorded: "{name} uploaded. You can undo it for {time}.",
    said_minute: "One minute left to undo {name}.",
    said_deleted: "{name} deleted.",
    said_expired: "{name} can no longer be undone.",
    said_failed: "{name} could not be deleted.",
    said_restored_one: "{count} upload you can still undo was restored.",
    said_restored: "{count} uploads you can still undo were restored.",
};

/// German.
pub const DE: Strings = Strings {
    locale: "de",
    region: "Uploads, die rückgängig gemacht werden können",
    drop_here: "Dateien hierher ziehen, einfügen oder",
    choose: "Dateien auswählen",
    paste_hint: "Jeder Upload kann etwa 10 Minuten lang rückgängig gemacht werden.",
    uploading: "{name} wird hochgeladen",
    cancel: "Abbrechen",
    retry: "Erneut versuchen",
    dismiss: "Verwerfen",
    upload_failed: "Upload fehlgeschlagen: {reason}",
    cancelled: "Upload abgebrochen",
    too_large: "Zu groß: höchstens {size}",
    wrong_type: "Nicht erlaubt: nur {types}",
    no_token: "Hochgeladen, kann aber nicht rückgängig gemacht werden: das Upload-Preset liefert keine Lösch-Tokens. Aktivieren Sie „Return delete token“ im Preset.",
    time_left: "noch {time} zum Rückgängigmachen",
    window_bar: "Verbleibende Zeit für {name}",
    undo: "Rückgängig",
    undo_label: "Upload von {name} rückgängig machen",
    deleting: "Wird gelöscht …",
    deleted: "Gelöscht",
    expired: "Zeitfenster abgelaufen",
    failed: "Löschen fehlgeschlagen: {reason}",
    cdn_note: "Vom CDN zwischengespeicherte Kopien können noch einige Minuten sichtbar sein.",
    delete_all: "Alle löschen",
    confirm_all_one: "Den Upload löschen, der noch rückgängig gemacht werden kann?",
    confirm_all: "Alle {count} Uploads löschen, die noch rückgängig gemacht werden können?",
    confirm_yes: "Löschen",
    confirm_no: "Behalten",
    empty: "Noch keine Uploads.",
    said_recorded: "{name} hochgeladen. Rückgängig machen ist {time} lang möglich.",
    said_minute: "Noch eine Minute, um {name} rückgängig zu machen.",
    said_deleted: "{name} gelöscht.",
    said_expired: "{name} kann nicht mehr rückgängig gemacht werden.",
    said_failed: "{name} konnte nicht gelöscht werden.",
    said_restored_one: "{count} Upload wiederhergestellt, der noch rückgängig gemacht werden kann.",
    said_restored: "{count} Uploads wiederhergestellt, die noch rückgängig gemacht werden können.",
};

/// French.
pub const FR: Strings = Strings {
    locale: "fr",
    region: "Envois que vous pouvez annuler",
    drop_here: "Déposez des fichiers ici, collez-les ou",
    choose: "choisissez des fichiers",
    paste_hint: "Chaque envoi peut être annulé pendant environ 10 minutes.",
    uploading: "Envoi de {name}",
    cancel: "Annuler",
    retry: "Réessayer",
    dismiss: "Ignorer",
    upload_failed: "Échec de l’envoi : {reason}",
    cancelled: "Envoi annulé",
    too_large: "Trop volumineux : la limite est de {size}",
    wrong_type: "Type refusé : uniquement {types}",
    no_token: "Envoyé, mais impossible à annuler : le preset d’envoi ne renvoie pas de jeton de suppression. Activez « Return delete token » dans le preset.",
    time_left: "Encore {time} pour annuler",
    window_bar: "Temps restant pour annuler {name}",
    undo: "Annuler",
    undo_label: "Annuler l’envoi de {name}",
    deleting: "Suppression…",
    deleted: "Supprimé",
    expired: "Délai d’annulation écoulé",
    failed: "Suppression impossible : {reason}",
    cdn_note: "Les copies mises en cache par le CDN peuvent rester visibles quelques minutes.",
    delete_all: "Tout supprimer",
    confirm_all_one: "Supprimer l’envoi qui peut encore être annulé ?",
    confirm_all: "Supprimer les {count} envois qui peuvent encore être annulés ?",
    confirm_yes: "Les supprimer",
    confirm_no: "Les garder",
    empty: "Aucun envoi pour l’instant.",
    said_recorded: "{name} envoyé. Vous pouvez l’annuler pendant {time}.",
    said_minute: "Plus qu’une minute pour annuler {name}.",
    said_deleted: "{name} supprimé.",
    said_expired: "{name} ne peut plus être annulé.",
    said_failed: "{name} n’a pas pu être supprimé.",
    said_restored_one: "{count} envoi encore annulable a été restauré.",
    said_restored: "{count} envois encore annulables ont été restaurés.",
};

/// Spanish.
pub const ES: Strings = Strings {
    locale: "es",
    region: "Subidas que puedes deshacer",
    drop_here: "Suelta archivos aquí, pégalos o",
    choose: "elige archivos",
    paste_hint: "Cada subida se puede deshacer durante unos 10 minutos.",
    uploading: "Subiendo {name}",
    cancel: "Cancelar",
    retry: "Reintentar",
    dismiss: "Descartar",
    upload_failed: "Error al subir: {reason}",
    cancelled: "Subida cancelada",
    too_large: "Demasiado grande: el límite es {size}",
    wrong_type: "No admitido: solo {types}",
    no_token: "Subido, pero no se puede deshacer: el preset de subida no devuelve tokens de borrado. Activa «Return delete token» en el preset.",
    time_left: "Quedan {time} para deshacer",
    window_bar: "Tiempo para deshacer {name}",
    undo: "Deshacer",
    undo_label: "Deshacer la subida de {name}",
    deleting: "Borrando…",
    deleted: "Borrado",
    expired: "Ya no se puede deshacer",
    failed: "No se pudo borrar: {reason}",
    cdn_note: "Las copias en la caché de la CDN pueden seguir visibles unos minutos.",
    delete_all: "Borrar todo",
    confirm_all_one: "¿Borrar la subida que aún se puede deshacer?",
    confirm_all: "¿Borrar las {count} subidas que aún se pueden deshacer?",
    confirm_yes: "Borrarlas",
    confirm_no: "Conservarlas",
    empty: "Aún no hay subidas.",
    said_recorded: "{name} subido. Puedes deshacerlo durante {time}.",
    said_minute: "Queda un minuto para deshacer {name}.",
    said_deleted: "{name} borrado.",
    said_expired: "{name} ya no se puede deshacer.",
    said_failed: "No se pudo borrar {name}.",
    said_restored_one: "Se restauró {count} subida que aún puedes deshacer.",
    said_restored: "Se restauraron {count} subidas que aún puedes deshacer.",
};

/// Japanese (one plural form: `said_restored` and `confirm_all` serve every count).
pub const JA: Strings = Strings {
    locale: "ja",
    region: "取り消せるアップロード",
    drop_here: "ここにファイルをドロップ、貼り付け、または",
    choose: "ファイルを選択",
    paste_hint: "各アップロードは約10分間取り消せます。",
    uploading: "{name} をアップロード中",
    cancel: "キャンセル",
    retry: "再試行",
    dismiss: "閉じる",
    upload_failed: "アップロードに失敗しました: {reason}",
    cancelled: "アップロードをキャンセルしました",
    too_large: "サイズが大きすぎます（上限 {size}）",
    wrong_type: "この形式は受け付けていません（{types} のみ）",
    no_token: "アップロードしましたが取り消せません。アップロードプリセットが削除トークンを返しません。プリセットで「Return delete token」を有効にしてください。",
    time_left: "取り消し可能な残り時間 {time}",
    window_bar: "{name} を取り消せる残り時間",
    undo: "取り消す",
    undo_label: "{name} のアップロードを取り消す",
    deleting: "削除中…",
    deleted: "削除しました",
    expired: "取り消し期限が過ぎました",
    failed: "削除できませんでした: {reason}",
    cdn_note: "CDN にキャッシュされたコピーは数分間表示されることがあります。",
    delete_all: "すべて削除",
    confirm_all_one: "まだ取り消せるアップロードを削除しますか？",
    confirm_all: "まだ取り消せる {count} 件のアップロードをすべて削除しますか？",
    confirm_yes: "削除する",
    confirm_no: "残す",
    empty: "アップロードはまだありません。",
    said_recorded: "{name} をアップロードしました。{time} の間、取り消せます。",
    said_minute: "{name} を取り消せるのは残り1分です。",
    said_deleted: "{name} を削除しました。",
    said_expired: "{name} はもう取り消せません。",
    said_failed: "{name} を削除できませんでした。",
    said_restored_one: "まだ取り消せるアップロード {count} 件を復元しました。",
    said_restored: "まだ取り消せるアップロード {count} 件を復元しました。",
};

/// The table for `locale` by its language (`"de"`, `"de-AT"`, `"fr-CA"`, ...): English, German,
/// French, Spanish or Japanese; English for anything else.
pub fn strings(locale: &str) -> &'static Strings {
    match locale
        .split(['-', '_'])
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("de") => &DE,
        Some("fr") => &FR,
        Some("es") => &ES,
        Some("ja") => &JA,
        _ => &EN,
    }
}

/// Fills `{key}` placeholders in one pass over `template`: a value is copied as it is and never
/// read again as a placeholder (a file named `{time}.png` stays its name). Unknown placeholders
/// are kept.
///
/// ```
/// use cloudinary_delete_token::ui::i18n::fill;
/// assert_eq!(fill("{name}, {time} left", &[("name", "{time}.png"), ("time", "9:59")]), "{time}.png, 9:59 left");
/// assert_eq!(fill("{x} {", &[]), "{x} {");
/// ```
pub fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let known = after.find('}').and_then(|close| {
            let key = &after[..close];
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (*v, close))
        });
        match known {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `one` or `other` for `count` in the language of table `t`, by the browser's
/// `Intl.PluralRules` (forms beyond these two fall back to `other`, which every table has). The
/// table's own tag is always valid, so the constructor cannot throw.
pub fn plural<'a>(t: &Strings, count: usize, one: &'a str, other: &'a str) -> &'a str {
    let locales = js_sys::Array::of1(&t.locale.into());
    let rules = js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new());
    if rules.select(count as f64).as_string().as_deref() == Some("one") {
        one
    } else {
        other
    }
}
