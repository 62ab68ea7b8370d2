import { mount } from 'svelte';
import App from './App.svelte';
import './ui/app.css';
import { installDebugHook } from './ui/state/debug-hook.ts';
import { appUpdate, bridge, engine, jobs, options } from './ui/state/runtime.ts';

if (options.debug) installDebugHook(engine, bridge, jobs);
appUpdate.start();

mount(App, { target: document.getElementById('app')! });
