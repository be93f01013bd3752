//! Keeps WebKitGTK off emulated OpenGL on Linux machines without a GPU.
//!
//! With no GPU render node (virtual machines, remote desktops, Xvfb), WebKitGTK 2.4x's default
//! DMA-BUF renderer still composites and paints through OpenGL, which Mesa then emulates on the
//! CPU (llvmpipe). Measured on a 2-core machine without a GPU (docs/PERFORMANCE.md): 16
//! streaming plot lines ran at 3.6 fps, and at 61 fps with `WEBKIT_DISABLE_DMABUF_RENDERER=1`;
//! idle CPU fell from 33 % to 6 % of a core and memory by 90 MB. Machines with a GPU keep
//! WebKit's default, and a value the user set is always respected.

use std::path::Path;

/// The variable WebKitGTK reads once, when its first web view is created.
const DISABLE_DMABUF: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// Sets `WEBKIT_DISABLE_DMABUF_RENDERER=1` when it is unset and there is no GPU render node.
///
/// Must run before any other thread exists (it changes the process environment) and before
/// the first web view is created: first thing in [`crate::run`].
pub(crate) fn avoid_gl_emulation() {
    if std::env::var_os(DISABLE_DMABUF).is_none() && !has_render_node(Path::new("/dev/dri")) {
        // Sound only while no other thread reads the environment: nothing else runs yet.
        std::env::set_var(DISABLE_DMABUF, "1");
    }
}

/// True when `dri` holds a `renderD*` node, i.e. a GPU the webview can render with.
fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri)
        .map(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_render_node_means_a_gpu() {
        let dir = std::env::temp_dir().join(format!("jobdeck-dri-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(!has_render_node(&dir), "an empty /dev/dri has no GPU");
        std::fs::write(dir.join("card0"), b"").unwrap();
        assert!(!has_render_node(&dir), "a display-only card0 is not a render node");
        std::fs::write(dir.join("renderD128"), b"").unwrap();
        assert!(has_render_node(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(!has_render_node(&dir), "no /dev/dri at all: no GPU");
    }
}
