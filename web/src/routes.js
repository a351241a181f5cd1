// The signed-in pages: path, title, and which roles of the current
// organization may open them. The main navigation is this list filtered by
// role, in this order; pages with `parent` are not in it (they are reached
// from their parent page, and switching organization leads back there).
// Pages with `nav: false` are not in it either (Profile: reached from the
// person's name in the banner). A path segment ":name" matches any one
// segment and reaches the page as params.name. Each screen is its own
// chunk, loaded when first opened (lazyPage.jsx); a screen imported as usual
// works the same.
import { lazyPage } from './lazyPage.jsx';

const PhoneNumbers = lazyPage(() => import('./screens/PhoneNumbers.jsx'), 'PhoneNumbers');
const NumberDetail = lazyPage(() => import('./screens/NumberDetail.jsx'), 'NumberDetail');
const Campaigns = lazyPage(() => import('./screens/Campaigns.jsx'), 'Campaigns');
const CampaignNew = lazyPage(() => import('./screens/CampaignNew.jsx'), 'CampaignNew');
const CampaignDetail = lazyPage(() => import('./screens/CampaignDetail.jsx'), 'CampaignDetail');
const CampaignEdit = lazyPage(() => import('./screens/CampaignEdit.jsx'), 'CampaignEdit');
const CampaignLaunch = lazyPage(() => import('./screens/CampaignLaunch.jsx'), 'CampaignLaunch');
const People = lazyPage(() => import('./screens/People.jsx'), 'People');
const Settings = lazyPage(() => import('./screens/Settings.jsx'), 'Settings');
const Emails = lazyPage(() => import('./screens/Emails.jsx'), 'Emails');
const MyAssignments = lazyPage(() => import('./messenger/MyAssignments.jsx'), 'MyAssignments');
const SendView = lazyPage(() => import('./messenger/SendView.jsx'), 'SendView');
const Conversation = lazyPage(() => import('./messenger/Conversation.jsx'), 'Conversation');
const Inbox = lazyPage(() => import('./messenger/Inbox.jsx'), 'Inbox');
const CampaignTexting = lazyPage(() => import('./messenger/CampaignTexting.jsx'), 'CampaignTexting');
const Profile = lazyPage(() => import('./screens/Profile.jsx'), 'Profile');
const CannedResponses = lazyPage(() => import('./screens/CannedResponses.jsx'), 'CannedResponses');
const Review = lazyPage(() => import('./screens/Review.jsx'), 'Review');

const MANAGERS = ['owner', 'admin'];
const STAFF = ['owner', 'admin', 'supervisor'];
const EVERYONE = ['owner', 'admin', 'supervisor', 'texter'];

export const ROUTES = [
  { path: '/numbers', title: 'Phone Numbers', roles: MANAGERS, page: PhoneNumbers },
  { path: '/numbers/:id', title: 'Phone number', roles: MANAGERS, page: NumberDetail, parent: '/numbers' },
  { path: '/campaigns', title: 'Campaigns', roles: STAFF, page: Campaigns },
  { path: '/campaigns/new', title: 'New campaign', roles: STAFF, page: CampaignNew, parent: '/campaigns' },
  { path: '/campaigns/:id', title: 'Campaign', roles: STAFF, page: CampaignDetail, parent: '/campaigns' },
  { path: '/campaigns/:id/edit', title: 'Edit campaign', roles: STAFF, page: CampaignEdit, parent: '/campaigns' },
  { path: '/campaigns/:id/launch', title: 'Launch campaign', roles: STAFF, page: CampaignLaunch, parent: '/campaigns' },
  { path: '/canned-responses', title: 'Canned responses', roles: STAFF, page: CannedResponses },
  { path: '/review', title: 'Review', roles: STAFF, page: Review },
  { path: '/people', title: 'People', roles: STAFF, page: People },
  { path: '/emails', title: 'Emails', roles: MANAGERS, page: Emails },
  { path: '/settings', title: 'Settings', roles: MANAGERS, page: Settings },
  { path: '/assignments', title: 'My assignments', roles: ['texter'], page: MyAssignments },
  // The messenger: any member may text for a campaign they are on.
  { path: '/assignments/:campaignId', title: 'Send messages', roles: EVERYONE, page: SendView, parent: '/assignments' },
  { path: '/inbox', title: 'Replies', roles: EVERYONE, page: Inbox, parent: '/assignments' },
  { path: '/conversations/:id', title: 'Conversation', roles: EVERYONE, page: Conversation, parent: '/assignments' },
  { path: '/campaigns/:id/texting', title: 'Texting', roles: STAFF, page: CampaignTexting, parent: '/campaigns' },
  { path: '/profile', title: 'Profile', roles: EVERYONE, page: Profile, nav: false },
];

export function routesFor(role) {
  return ROUTES.filter((r) => !r.parent && r.nav !== false && r.roles.includes(role));
}

// Where "/" leads for a role: its first page.
export function homeFor(role) {
  const first = routesFor(role)[0];
  return first ? first.path : '/';
}

// The params of `path` under `pattern`, or null when it does not match.
function match(pattern, path) {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const params = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      if (!have[i]) return null;
      try {
        params[want[i].slice(1)] = decodeURIComponent(have[i]);
      } catch {
        return null;
      }
    } else if (want[i] !== have[i]) {
      return null;
    }
  }
  return params;
}

// The route for a path, with its params: {...route, params}, or null.
export function findRoute(path) {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  for (const r of ROUTES) {
    const params = match(r.path, clean);
    if (params) return { ...r, params };
  }
  return null;
}
