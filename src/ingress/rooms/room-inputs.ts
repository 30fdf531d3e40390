import { z } from 'zod';
import { changeInput } from '../api/incident-inputs.js';

// The fields as PATCH /api/incidents/:ref takes them (the same words for the same mistakes), one per action.
const fields = changeInput.shape;

/** POST /rooms/:ref/status. */
export const roomStatusInput = z.object({ status: fields.status.unwrap() }).strict();

/** POST /rooms/:ref/severity: `SEV2`, `sev2`, `2` or 2, as everywhere else. */
export const roomSeverityInput = z.object({ severity: fields.severity.unwrap() }).strict();

/** POST /rooms/:ref/roles: the link's person takes `role` (one of the incident type's roles, checked by the use case). */
export const roomRoleInput = z.object({ role: z.string().min(1).max(100) }).strict();

/** POST /rooms/:ref/updates: a stakeholder update (its length is the use case's rule) and the keys of notes added at its end, as the update modal picks them. */
export const roomUpdateInput = z.object({ text: z.string().max(10_000), notes: z.array(z.string().max(200)).max(50).optional() }).strict();
