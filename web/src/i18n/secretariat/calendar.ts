// The secretariat's calendar page: Vietnamese first; English keys and placeholders the same.
export const vi = {} as const;

export const en: Record<keyof typeof vi, string> = {};
