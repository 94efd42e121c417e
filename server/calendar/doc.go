// Package calendar serves each user's calendar feed in iCalendar format
// (RFC 5545): the planned requests, work orders and preventive-maintenance
// visits the user may read, at a URL holding a secret token that the user
// renews from the web app. It stores the tokens and reads the planned work;
// it writes no other record.
package calendar
