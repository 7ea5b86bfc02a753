//! The yew widget (feature `yew`): upload with progress, each upload's countdown, Undo and
//! Delete all; also a custom element and `mountWidget` for pages without yew.
//! UI layer: uses [`crate::api::Client`]; never touches the network or the ledger directly.

mod element;
mod hooks;
pub mod i18n;
mod list;
mod pending;
mod props;
mod row;
mod state;
mod widget;

pub use element::{WidgetHandle, define_custom_element, mount_widget};
pub use props::WidgetProps;
pub use widget::Widget;
