//! The built-in message tables: English, German, French, Spanish and Japanese. Each lists every
//! [`Text`] once; `table` checks that at compile time.

use super::text::{Table, Text, Text::*};

/// Builds a table from one message per [`Text`]; a message listed twice does not compile, and
/// with exactly one pair per text, none is missing.
const fn table(pairs: [(Text, &'static str); Text::COUNT]) -> Table {
    let mut out = [""; Text::COUNT];
    let mut i = 0;
    while i < pairs.len() {
        let (text, message) = pairs[i];
        assert!(out[text as usize].is_empty() && !message.is_empty());
        out[text as usize] = message;
        i += 1;
    }
    out
}

/// English (the default, and the fallback of every message a page does not supply).
pub const EN: Table = table([
    (Region, "Uploads you can undo"),
    (DropHere, "Drop files here, paste them, or"),
    (Choose, "choose files"),
    (PasteHint, "Each upload can be undone for about 10 minutes."),
    (Uploading, "Uploading {name}"),
    (Cancel, "Cancel"),
    (Retry, "Retry"),
    (Dismiss, "Dismiss"),
    (UploadFailed, "Upload failed: {reason}"),
    (Cancelled, "Upload cancelled"),
    (TooLarge, "Too large: the limit is {size}"),
    (WrongType, "Not accepted: only {types}"),
    (
        NoToken,
        "Uploaded, but it cannot be undone: the upload preset does not return delete tokens. Turn on \"Return delete token\" in the preset.",
    ),
    (TimeLeft, "{time} left to undo"),
    (WindowBar, "Time left to undo {name}"),
    (Undo, "Undo"),
    (UndoLabel, "Undo upload of {name}"),
    (Deleting, "Deleting…"),
    (Deleted, "Deleted"),
    (Expired, "Undo window closed at {time}"),
    (Failed, "Could not delete: {reason}"),
    (
        CdnNote,
        "Copies cached by the CDN may stay visible for a few minutes.",
    ),
    (DeleteAll, "Delete all"),
    (ConfirmAllOne, "Delete the upload that can still be undone?"),
    (
        ConfirmAll,
        "Delete all {count} uploads that can still be undone?",
    ),
    (ConfirmYes, "Delete them"),
    (ConfirmNo, "Keep them"),
    (Empty, "No uploads yet."),
    (DeleteSigned, "Delete"),
    (DeleteSignedLabel, "Delete {name} permanently"),
    (Permanent, "Deleting it now is permanent"),
    (
        SaidRecordedSigned,
        "{name} uploaded. You can delete it later.",
    ),
    (SaidRecorded, "{name} uploaded. You can undo it for {time}."),
    (SaidMinute, "One minute left to undo {name}."),
    (SaidDeleted, "{name} deleted."),
    (SaidExpired, "{name} can no longer be undone."),
    (SaidFailed, "{name} could not be deleted."),
    (
        SaidRestoredOne,
        "{count} upload you can still undo was restored.",
    ),
    (
        SaidRestored,
        "{count} uploads you can still undo were restored.",
    ),
]);

/// German.
pub const DE: Table = table([
    (Region, "Uploads, die rückgängig gemacht werden können"),
    (DropHere, "Dateien hierher ziehen, einfügen oder"),
    (Choose, "Dateien auswählen"),
    (
        PasteHint,
        "Jeder Upload kann etwa 10 Minuten lang rückgängig gemacht werden.",
    ),
    (Uploading, "{name} wird hochgeladen"),
    (Cancel, "Abbrechen"),
    (Retry, "Erneut versuchen"),
    (Dismiss, "Verwerfen"),
    (UploadFailed, "Upload fehlgeschlagen: {reason}"),
    (Cancelled, "Upload abgebrochen"),
    (TooLarge, "Zu groß: höchstens {size}"),
    (WrongType, "Nicht erlaubt: nur {types}"),
    (
        NoToken,
        "Hochgeladen, kann aber nicht rückgängig gemacht werden: das Upload-Preset liefert keine Lösch-Tokens. Aktivieren Sie „Return delete token“ im Preset.",
    ),
    (TimeLeft, "noch {time} zum Rückgängigmachen"),
    (WindowBar, "Verbleibende Zeit für {name}"),
    (Undo, "Rückgängig"),
    (UndoLabel, "Upload von {name} rückgängig machen"),
    (Deleting, "Wird gelöscht …"),
    (Deleted, "Gelöscht"),
    (Expired, "Zeitfenster abgelaufen ({time})"),
    (Failed, "Löschen fehlgeschlagen: {reason}"),
    (
        CdnNote,
        "Vom CDN zwischengespeicherte Kopien können noch einige Minuten sichtbar sein.",
    ),
    (DeleteAll, "Alle löschen"),
    (
        ConfirmAllOne,
        "Den Upload löschen, der noch rückgängig gemacht werden kann?",
    ),
    (
        ConfirmAll,
        "Alle {count} Uploads löschen, die noch rückgängig gemacht werden können?",
    ),
    (ConfirmYes, "Löschen"),
    (ConfirmNo, "Behalten"),
    (Empty, "Noch keine Uploads."),
    (DeleteSigned, "Löschen"),
    (DeleteSignedLabel, "{name} endgültig löschen"),
    (Permanent, "Löschen ist jetzt endgültig"),
    (
        SaidRecordedSigned,
        "{name} hochgeladen. Sie können es später löschen.",
    ),
    (
        SaidRecorded,
        "{name} hochgeladen. Rückgängig machen ist {time} lang möglich.",
    ),
    (
        SaidMinute,
        "Noch eine Minute, um {name} rückgängig zu machen.",
    ),
    (SaidDeleted, "{name} gelöscht."),
    (
        SaidExpired,
        "{name} kann nicht mehr rückgängig gemacht werden.",
    ),
    (SaidFailed, "{name} konnte nicht gelöscht werden."),
    (
        SaidRestoredOne,
        "{count} Upload wiederhergestellt, der noch rückgängig gemacht werden kann.",
    ),
    (
        SaidRestored,
        "{count} Uploads wiederhergestellt, die noch rückgängig gemacht werden können.",
    ),
]);

/// French.
pub const FR: Table = table([
    (Region, "Envois que vous pouvez annuler"),
    (DropHere, "Déposez des fichiers ici, collez-les ou"),
    (Choose, "choisissez des fichiers"),
    (
        PasteHint,
        "Chaque envoi peut être annulé pendant environ 10 minutes.",
    ),
    (Uploading, "Envoi de {name}"),
    (Cancel, "Annuler"),
    (Retry, "Réessayer"),
    (Dismiss, "Ignorer"),
    (UploadFailed, "Échec de l’envoi : {reason}"),
    (Cancelled, "Envoi annulé"),
    (TooLarge, "Trop volumineux : la limite est de {size}"),
    (WrongType, "Type refusé : uniquement {types}"),
    (
        NoToken,
        "Envoyé, mais impossible à annuler : le preset d’envoi ne renvoie pas de jeton de suppression. Activez « Return delete token » dans le preset.",
    ),
    (TimeLeft, "Encore {time} pour annuler"),
    (WindowBar, "Temps restant pour annuler {name}"),
    (Undo, "Annuler"),
    (UndoLabel, "Annuler l’envoi de {name}"),
    (Deleting, "Suppression…"),
    (Deleted, "Supprimé"),
    (Expired, "Délai d’annulation écoulé à {time}"),
    (Failed, "Suppression impossible : {reason}"),
    (
        CdnNote,
        "Les copies mises en cache par le CDN peuvent rester visibles quelques minutes.",
    ),
    (DeleteAll, "Tout supprimer"),
    (
        ConfirmAllOne,
        "Supprimer l’envoi qui peut encore être annulé ?",
    ),
    (
        ConfirmAll,
        "Supprimer les {count} envois qui peuvent encore être annulés ?",
    ),
    (ConfirmYes, "Les supprimer"),
    (ConfirmNo, "Les garder"),
    (Empty, "Aucun envoi pour l’instant."),
    (DeleteSigned, "Supprimer"),
    (DeleteSignedLabel, "Supprimer {name} définitivement"),
    (Permanent, "La suppression est désormais définitive"),
    (
        SaidRecordedSigned,
        "{name} envoyé. Vous pourrez le supprimer plus tard.",
    ),
    (
        SaidRecorded,
        "{name} envoyé. Vous pouvez l’annuler pendant {time}.",
    ),
    (SaidMinute, "Plus qu’une minute pour annuler {name}."),
    (SaidDeleted, "{name} supprimé."),
    (SaidExpired, "{name} ne peut plus être annulé."),
    (SaidFailed, "{name} n’a pas pu être supprimé."),
    (
        SaidRestoredOne,
        "{count} envoi encore annulable a été restauré.",
    ),
    (
        SaidRestored,
        "{count} envois encore annulables ont été restaurés.",
    ),
]);

/// Spanish.
pub const ES: Table = table([
    (Region, "Subidas que puedes deshacer"),
    (DropHere, "Suelta archivos aquí, pégalos o"),
    (Choose, "elige archivos"),
    (
        PasteHint,
        "Cada subida se puede deshacer durante unos 10 minutos.",
    ),
    (Uploading, "Subiendo {name}"),
    (Cancel, "Cancelar"),
    (Retry, "Reintentar"),
    (Dismiss, "Descartar"),
    (UploadFailed, "Error al subir: {reason}"),
    (Cancelled, "Subida cancelada"),
    (TooLarge, "Demasiado grande: el límite es {size}"),
    (WrongType, "No admitido: solo {types}"),
    (
        NoToken,
        "Subido, pero no se puede deshacer: el preset de subida no devuelve tokens de borrado. Activa «Return delete token» en el preset.",
    ),
    (TimeLeft, "Quedan {time} para deshacer"),
    (WindowBar, "Tiempo para deshacer {name}"),
    (Undo, "Deshacer"),
    (UndoLabel, "Deshacer la subida de {name}"),
    (Deleting, "Borrando…"),
    (Deleted, "Borrado"),
    (Expired, "Ya no se puede deshacer desde las {time}"),
    (Failed, "No se pudo borrar: {reason}"),
    (
        CdnNote,
        "Las copias en la caché de la CDN pueden seguir visibles unos minutos.",
    ),
    (DeleteAll, "Borrar todo"),
    (
        ConfirmAllOne,
        "¿Borrar la subida que aún se puede deshacer?",
    ),
    (
        ConfirmAll,
        "¿Borrar las {count} subidas que aún se pueden deshacer?",
    ),
    (ConfirmYes, "Borrarlas"),
    (ConfirmNo, "Conservarlas"),
    (Empty, "Aún no hay subidas."),
    (DeleteSigned, "Eliminar"),
    (DeleteSignedLabel, "Eliminar {name} definitivamente"),
    (Permanent, "Eliminarlo ahora es definitivo"),
    (
        SaidRecordedSigned,
        "{name} subido. Podrá eliminarlo más tarde.",
    ),
    (
        SaidRecorded,
        "{name} subido. Puedes deshacerlo durante {time}.",
    ),
    (SaidMinute, "Queda un minuto para deshacer {name}."),
    (SaidDeleted, "{name} borrado."),
    (SaidExpired, "{name} ya no se puede deshacer."),
    (SaidFailed, "No se pudo borrar {name}."),
    (
        SaidRestoredOne,
        "Se restauró {count} subida que aún puedes deshacer.",
    ),
    (
        SaidRestored,
        "Se restauraron {count} subidas que aún puedes deshacer.",
    ),
]);

/// Japanese (one plural form: `ConfirmAll` and `SaidRestored` serve every count).
pub const JA: Table = table([
    (Region, "取り消せるアップロード"),
    (DropHere, "ここにファイルをドロップ、貼り付け、または"),
    (Choose, "ファイルを選択"),
    (PasteHint, "各アップロードは約10分間取り消せます。"),
    (Uploading, "{name} をアップロード中"),
    (Cancel, "キャンセル"),
    (Retry, "再試行"),
    (Dismiss, "閉じる"),
    (UploadFailed, "アップロードに失敗しました: {reason}"),
    (Cancelled, "アップロードをキャンセルしました"),
    (TooLarge, "サイズが大きすぎます（上限 {size}）"),
    (WrongType, "この形式は受け付けていません（{types} のみ）"),
    (
        NoToken,
        "アップロードしましたが取り消せません。アップロードプリセットが削除トークンを返しません。プリセットで「Return delete token」を有効にしてください。",
    ),
    (TimeLeft, "取り消し可能な残り時間 {time}"),
    (WindowBar, "{name} を取り消せる残り時間"),
    (Undo, "取り消す"),
    (UndoLabel, "{name} のアップロードを取り消す"),
    (Deleting, "削除中…"),
    (Deleted, "削除しました"),
    (Expired, "取り消し期限が過ぎました（{time}）"),
    (Failed, "削除できませんでした: {reason}"),
    (
        CdnNote,
        "CDN にキャッシュされたコピーは数分間表示されることがあります。",
    ),
    (DeleteAll, "すべて削除"),
    (ConfirmAllOne, "まだ取り消せるアップロードを削除しますか？"),
    (
        ConfirmAll,
        "まだ取り消せる {count} 件のアップロードをすべて削除しますか？",
    ),
    (ConfirmYes, "削除する"),
    (ConfirmNo, "残す"),
    (Empty, "アップロードはまだありません。"),
    (DeleteSigned, "削除"),
    (DeleteSignedLabel, "{name} を完全に削除"),
    (Permanent, "今削除すると元に戻せません"),
    (
        SaidRecordedSigned,
        "{name} をアップロードしました。後で削除できます。",
    ),
    (
        SaidRecorded,
        "{name} をアップロードしました。{time} の間、取り消せます。",
    ),
    (SaidMinute, "{name} を取り消せるのは残り1分です。"),
    (SaidDeleted, "{name} を削除しました。"),
    (SaidExpired, "{name} はもう取り消せません。"),
    (SaidFailed, "{name} を削除できませんでした。"),
    (
        SaidRestoredOne,
        "まだ取り消せるアップロード {count} 件を復元しました。",
    ),
    (
        SaidRestored,
        "まだ取り消せるアップロード {count} 件を復元しました。",
    ),
]);
