// The shop's React bundle: hydrates what the server rendered, with the same props.
import { createElement } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { App } from './app.mjs';

const props = JSON.parse(document.getElementById('props').textContent);
hydrateRoot(document.getElementById('root'), createElement(App, props));
