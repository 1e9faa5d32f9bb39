/** True when `year` is a leap year in the Gregorian calendar. */
export function isLeapYear(year) {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in February of `year`. */
export function februaryDays(year) {
  return isLeapYear(year) ? 29 : 28;
}
