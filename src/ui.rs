//! The yew widget (feature `yew`): upload with progress, each upload's countdown, and Undo.
//! UI layer: uses [`crate::api::Client`]; never touches the network or the ledger directly.

mod widget;

pub use widget::{Widget, WidgetProps};
