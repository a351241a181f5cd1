// The signed-in pages: path, title, and which roles of the current
// organization may open them. The main navigation is this list filtered by
// role, in this order.
import { PhoneNumbers } from './screens/PhoneNumbers.jsx';
import { Campaigns } from './screens/Campaigns.jsx';
import { People } from './screens/People.jsx';
import { Settings } from './screens/Settings.jsx';
import { Assignments } from './screens/Assignments.jsx';

const MANAGERS = ['owner', 'admin'];
const STAFF = ['owner', 'admin', 'supervisor'];

export const ROUTES = [
  { path: '/numbers', title: 'Phone Numbers', roles: MANAGERS, page: PhoneNumbers },
  { path: '/campaigns', title: 'Campaigns', roles: STAFF, page: Campaigns },
  { path: '/people', title: 'People', roles: STAFF, page: People },
  { path: '/settings', title: 'Settings', roles: MANAGERS, page: Settings },
  { path: '/assignments', title: 'My assignments', roles: ['texter'], page: Assignments },
];

export function routesFor(role) {
  return ROUTES.filter((r) => r.roles.includes(role));
}

// Where "/" leads for a role: its first page.
export function homeFor(role) {
  const first = routesFor(role)[0];
  return first ? first.path : '/';
}

export function findRoute(path) {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return ROUTES.find((r) => r.path === clean) || null;
}
