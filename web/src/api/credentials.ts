// What a console remembers on its machine: the point's credential (from the
// join link) until the operator leaves, a person's login token until logout.
// localStorage, so a reload or a restarted browser keeps them.
import type { UserView as User } from '../../../src/contract/index.js';

const POINT_KEY = 'giaoban.point';
const USER_KEY = 'giaoban.user';

export interface PointLogin {
  token: string;
  code: string;
  name: string;
  kind: string;
}

export interface UserLogin {
  token: string;
  expiresAt: string;
  user: User;
}

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export const credentials = {
  point: () => read<PointLogin>(POINT_KEY),
  savePoint: (login: PointLogin) => localStorage.setItem(POINT_KEY, JSON.stringify(login)),
  forgetPoint: () => localStorage.removeItem(POINT_KEY),
  user: () => {
    const login = read<UserLogin>(USER_KEY);
    return login && Date.parse(login.expiresAt) > Date.now() ? login : null;
  },
  saveUser: (login: UserLogin) => localStorage.setItem(USER_KEY, JSON.stringify(login)),
  forgetUser: () => localStorage.removeItem(USER_KEY),
};

/** Something typed that must survive a reload or a dropped line (check-in form, topic). */
export function draft<T>(key: string) {
  const full = `giaoban.draft.${key}`;
  return {
    load: () => read<T>(full),
    save: (value: T) => localStorage.setItem(full, JSON.stringify(value)),
    clear: () => localStorage.removeItem(full),
  };
}
