// Vite builds the UI in `ui/` into `dist/` at the repository root, which is Tauri's
// `frontendDist` (`../dist` from src-tauri). The dev server's port is Tauri's `devUrl`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./ui', import.meta.url)),
  base: './',
  // Tauri prints its own output; keep Vite's visible.
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    host: 'localhost',
    // Rust sources change often during development; they are not the UI's business.
    watch: { ignored: ['**/src-tauri/**', '**/target/**', '**/crates/**'] },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // WebKitGTK 2.4x (Linux), WebView2 (Windows), WKWebView (macOS 12+) all run ES2021.
    target: ['es2021', 'safari15'],
    // The strict CSP allows no inline script; keep assets as files, never data: scripts.
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
});
