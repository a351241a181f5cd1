// Entry point: mounts the app into #app and loads the one stylesheet.
import { render } from 'preact';
import { App } from './App.jsx';
import './styles.css';

render(<App />, document.getElementById('app'));
