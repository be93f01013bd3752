// Entry point: styles, then the app. No inline script anywhere (strict CSP).
// First: make navigator.language usable before uPlot's module code reads it (see locale.ts).
import './locale';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { App } from './app';

const app = new App();
app.start();
// A page that goes away (reload in development) releases its plot and timers.
window.addEventListener('pagehide', () => app.destroy(), { once: true });
