/** Days in a year, for every conversion between the model's days and ages or follow-up in years. */
export const DAYS_PER_YEAR = 365.25;
