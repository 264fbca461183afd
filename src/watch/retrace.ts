/** Raised inside a carried step when a range changes the past; the watch then traces the target again in full. */
export class Retrace extends Error {}
