/** users.*: who is in the workspace. */
import { fail, ok, required, type Json, type Outcome } from '../args.js';
import { userJson } from '../shapes.js';
import type { MethodTable, WorkspaceState } from '../state.js';

function usersInfo(ws: WorkspaceState, args: Json): Outcome {
  const id = required(args, 'user');
  const user = id === undefined ? undefined : ws.users.get(id) ?? (ws.userExists(id) ? { id } : undefined);
  if (user === undefined) return fail('user_not_found');
  return ok({ user: userJson(ws, user) });
}

function usersLookupByEmail(ws: WorkspaceState, args: Json): Outcome {
  const email = required(args, 'email');
  if (email === undefined) return fail('invalid_arguments');
  const user = [...ws.users.values()].find((u) => u.email !== undefined && u.email.toLowerCase() === email.toLowerCase());
  if (user === undefined) return fail('users_not_found');
  return ok({ user: userJson(ws, user) });
}


export const userMethods: MethodTable = {
  'users.info': usersInfo,
  'users.lookupByEmail': usersLookupByEmail,
};
