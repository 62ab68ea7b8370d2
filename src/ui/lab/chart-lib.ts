/**
 * The parts of Chart.js the Lab's bar chart uses, registered once. Imported lazily by
 * LabChart.svelte, so only these (not the whole library) land in the Lab's chart chunk.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LogarithmicScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LogarithmicScale, Legend, Tooltip);

export { Chart };
