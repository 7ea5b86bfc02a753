//! Limits Cloudinary sets that the emulator enforces: how large a request may be, and what an
//! unsigned upload may carry. A leaf: the router, the front door and the routes read them.

/// Largest request body accepted (Cloudinary's limit for a single non-chunked request is 100 MB).
pub(crate) const MAX_BODY: usize = 100 * 1024 * 1024;

/// Parameters an unsigned upload may carry besides `file` (Cloudinary's current whitelist).
pub(crate) const UNSIGNED_WHITELIST: &str = "upload_preset,callback,public_id,folder,asset_folder,tags,context,metadata,face_coordinates,custom_coordinates,source,filename_override,manifest_transformation,manifest_json,template,template_vars,regions,public_id_prefix";
