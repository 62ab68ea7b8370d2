/**
 * The parts of Chart.js the forecast chart uses (lines over half-hours), registered once.
 * Imported lazily by ForecastChart.svelte, so the library lands in its own chunk.
 */
import { CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';

Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export { Chart };
