import { z } from 'zod';
import { answer, InstantSchema } from './answers.js';
import { CouncilMemberRefSchema } from './council.js';

/**
 * Where members take part in a sitting (issue 15, part 5).
 *
 * - In the chamber (the default): a member's own check-in needs the chamber's check-in code, six
 *   digits that change every 30 seconds (the current and the previous code are accepted), or the
 *   clerk registers them.
 * - Remote (заседание от разстояние, ЗМСМА чл. 28а): declared by the chair with a reference to
 *   the declared emergency, disaster or epidemic situation; only with LiveKit configured. Members
 *   check in only while connected to the sitting's video with their camera on, the clerk confirms
 *   each member's identity by sight and voice, every open vote is taken by name (roll-call), the
 *   sitting is streamed and recorded, and the minutes state the form and the identification.
 */

/** The chair declares the sitting remote, naming the act that declared the emergency or epidemic situation. */
export const DeclareRemoteSittingSchema = z.strictObject({
  emergencyReference: z.string().trim().min(5).max(1000),
});
export type DeclareRemoteSittingRequest = z.infer<typeof DeclareRemoteSittingSchema>;

/** The clerk confirms a member's identity (by sight and voice) in a remote sitting. */
export const IdentifyMemberSchema = z.strictObject({
  userId: z.uuid(),
});
export type IdentifyMemberRequest = z.infer<typeof IdentifyMemberSchema>;

/**
 * The chair gives (or takes back) a member's microphone in a remote sitting for a purpose other
 * than the floor: the identification call, or their answer in a roll call.
 */
export const REMOTE_MICROPHONE_PURPOSES = ['identification', 'roll_call'] as const;
export const RemoteMicrophoneSchema = z.strictObject({
  userId: z.uuid(),
  purpose: z.enum(REMOTE_MICROPHONE_PURPOSES),
  /** `false` takes it back (the camera stays). */
  grant: z.boolean(),
});
export type RemoteMicrophoneRequest = z.infer<typeof RemoteMicrophoneSchema>;

/** The chamber's check-in code as the clerk and the chair see it. */
export const CheckInCodeViewSchema = answer(
  'CheckInCodeView',
  {
    code: z.string().describe('Six digits'),
    validUntil: InstantSchema.describe('When it changes (the previous code is still accepted for one more step)'),
    stepSeconds: z.number().int(),
  },
  "The chamber's check-in code as the clerk and the chair see it",
);
export type CheckInCodeView = z.infer<typeof CheckInCodeViewSchema>;

export const MemberIdentificationViewSchema = answer('MemberIdentificationView', {
  member: CouncilMemberRefSchema,
  confirmedBy: CouncilMemberRefSchema,
  confirmedAt: InstantSchema,
});
export type MemberIdentificationView = z.infer<typeof MemberIdentificationViewSchema>;

/** How a sitting is held: in the chamber, or remote under ЗМСМА чл. 28а. */
export const SittingFormViewSchema = answer(
  'SittingFormView',
  {
    remote: z.boolean(),
    emergencyReference: z
      .string()
      .nullable()
      .describe('The declared emergency or epidemic situation the remote form rests on (null: in the chamber)'),
    declaredAt: InstantSchema.nullable(),
    declaredBy: CouncilMemberRefSchema.nullable(),
    identifications: z
      .array(MemberIdentificationViewSchema)
      .optional()
      .describe("The clerk's identification of each member (remote sittings; members and staff only)"),
  },
  'How a sitting is held: in the chamber, or remote under ЗМСМА чл. 28а',
);
export type SittingFormView = z.infer<typeof SittingFormViewSchema>;
