// The stack's environment (set by tests/stack/ for `make test`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function need(name) {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set: the API tests run against the real stack (make test sets BASE_URL, SEED_FILE, STATE_DIR, LAUNCHLINE_BIN, LAUNCHLINE_CONFIG)`);
  }
  return v;
}

export function baseUrl() {
  return need('BASE_URL').replace(/\/+$/, '');
}

let seedCache;
// {url, admin:{email,password}, texter:{email,password}, org:"Demo Org", ...}
export function seed() {
  if (!seedCache) {
    seedCache = JSON.parse(readFileSync(need('SEED_FILE'), 'utf8'));
    seedCache.org = seedCache.org || 'Demo Org';
  }
  return seedCache;
}

let configCache;
// The rendered launchline.conf as {key: value} (key = value lines, # comments).
export function config() {
  if (!configCache) {
    configCache = {};
    for (const raw of readFileSync(need('LAUNCHLINE_CONFIG'), 'utf8').split('\n')) {
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      const m = /^([A-Za-z0-9_]+)\s*=\s*(.*)$/.exec(line);
      if (m) configCache[m[1]] = m[2].trim();
    }
  }
  return configCache;
}

export function configInt(key, fallback) {
  const v = config()[key];
  return v !== undefined && /^[0-9]+$/.test(v) ? Number(v) : fallback;
}

export function launchlineBin() {
  return need('LAUNCHLINE_BIN');
}

export function configPath() {
  return need('LAUNCHLINE_CONFIG');
}

export function pidFile() {
  return config().pid_file || join(need('STATE_DIR'), 'launchline.pid');
}

export function publicUrl() {
  return (config().public_url || baseUrl()).replace(/\/+$/, '');
}
