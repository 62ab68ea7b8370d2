import { mount } from 'svelte';
import App from './App.svelte';
import './ui/app.css';
import { installDebugHook } from './ui/state/debug-hook.ts';
import { bridge, engine, options } from './ui/state/runtime.ts';

if (options.debug) installDebugHook(engine, bridge);

mount(App, { target: document.getElementById('app')! });
