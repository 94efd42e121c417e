package push

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/field"
	"parc/server/i18n"
	"parc/server/param"
)

// Handler serves the push and notification API: the VAPID public key,
// the caller's subscriptions and the caller's notification switches.
// Every signed-in user manages only their own.
type Handler struct {
	Service *Service
}

// GetPublicKey serves GET /api/v1/push/vapid-public-key.
func (h *Handler) GetPublicKey(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"key": h.Service.PublicKey()})
}

// Subscribe serves POST /api/v1/push/subscriptions: 201 for a new
// endpoint, 200 when the endpoint was known, which then takes the new
// keys and the caller as owner.
func (h *Handler) Subscribe(c *fiber.Ctx) error {
	var body SubscriptionBody
	if err := param.Body(c, &body); err != nil {
		return err
	}
	sub, err := body.read()
	if err != nil {
		return err
	}
	if err := h.Service.guard.Check(c.UserContext(), sub.Endpoint); err != nil {
		return endpointFault(err)
	}

	sub.UserID = accounts.PrincipalOf(c).User.ID
	created, err := saveSubscription(c.UserContext(), h.Service.store.DB, &sub)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return c.Status(status).JSON(fiber.Map{"id": sub.ID, "endpoint": sub.Endpoint})
}

// Unsubscribe serves DELETE /api/v1/push/subscriptions with the body
// {"endpoint": "..."}: 204 whether or not the caller had a subscription
// with that endpoint, since the server may have removed it already after
// a 404 or 410 from the push service. Another user's subscription is
// left alone.
func (h *Handler) Unsubscribe(c *fiber.Ctx) error {
	var body struct {
		Endpoint string `json:"endpoint"`
	}
	if err := param.Body(c, &body); err != nil {
		return err
	}
	endpoint := strings.TrimSpace(body.Endpoint)
	if endpoint == "" {
		f := field.Faults{}
		f.Add("endpoint", i18n.Msg("push_endpoint_missing"))
		return f.Invalid()
	}
	if _, err := deleteSubscription(c.UserContext(), h.Service.store.DB, accounts.PrincipalOf(c).User.ID, endpoint); err != nil {
		return err
	}
	return c.SendStatus(http.StatusNoContent)
}

// endpointFault turns a rejection by the guard into a 422 that names the
// endpoint and the reason.
func endpointFault(err error) error {
	var e *EndpointError
	if !errors.As(err, &e) {
		return err
	}
	f := field.Faults{}
	quoted := apierr.Quote(e.Endpoint)
	switch e.Reason {
	case ReasonNotHTTPS:
		f.Add("endpoint", i18n.Msg("push_endpoint_not_https", quoted))
	case ReasonUnresolvable:
		f.Add("endpoint", i18n.Msg("push_endpoint_unresolvable", quoted))
	case ReasonPrivateAddress:
		f.Add("endpoint", i18n.Msg("push_endpoint_private", quoted, e.Addr))
	default:
		f.Add("endpoint", i18n.Msg("push_endpoint_unreadable", quoted))
	}
	return f.Invalid()
}

// Notifications is the body of GET and PUT /api/v1/me/notifications.
type Notifications struct {
	// Events maps each event that applies to the caller's role to its
	// switch.
	Events map[string]bool `json:"events"`
	Email  bool            `json:"email"`
	// PushDevices counts the caller's push subscriptions.
	PushDevices int `json:"push_devices"`
	// SMTPConfigured reports whether a mail server is set, which the
	// e-mail fallback needs.
	SMTPConfigured bool `json:"smtp_configured"`
}

// GetNotifications serves GET /api/v1/me/notifications.
func (h *Handler) GetNotifications(c *fiber.Ctx) error {
	user := accounts.PrincipalOf(c).User
	prefs, err := preferencesOf(c.UserContext(), h.Service.store.DB, []uuid.UUID{user.ID})
	if err != nil {
		return err
	}
	out, err := h.notifications(c.UserContext(), user, prefs[user.ID])
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// UpdateNotifications serves PUT /api/v1/me/notifications. Members that
// are absent keep their value, and the read-only push_devices and
// smtp_configured are ignored. An event that does not apply to the caller's role,
// or any other member, is a 422 that names it.
func (h *Handler) UpdateNotifications(c *fiber.Ctx) error {
	var body struct {
		Events map[string]json.RawMessage `json:"events"`
		Email  *bool                      `json:"email"`
	}
	members := map[string]json.RawMessage{}
	if err := json.Unmarshal(c.Body(), &members); err != nil {
		return apierr.BadRequest("invalid_json", "invalid_json")
	}
	if err := param.Body(c, &body); err != nil {
		return err
	}

	user := accounts.PrincipalOf(c).User
	allowed := EventsFor(user.Role)
	f := field.Faults{}
	for name := range members {
		if !slices.Contains([]string{"events", "email", "push_devices", "smtp_configured"}, name) {
			f.Add(name, i18n.Msg("push_preference_unknown", apierr.Quote(name)))
		}
	}
	switches := map[string]bool{}
	for name, raw := range body.Events {
		var on bool
		if !slices.Contains(allowed, name) {
			f.Add("events."+name, i18n.Msg("push_event_unknown", apierr.Quote(name), strings.Join(allowed, ", ")))
		} else if err := json.Unmarshal(raw, &on); err != nil || isNull(raw) {
			f.Add("events."+name, i18n.Msg("push_event_not_bool", apierr.Quote(name)))
		}
		switches[name] = on
	}
	if raw, ok := members["email"]; ok && isNull(raw) {
		f.Add("email", i18n.Msg("push_email_not_bool"))
	}
	if err := f.Invalid(); err != nil {
		return err
	}

	ctx := c.UserContext()
	prefs, err := preferencesOf(ctx, h.Service.store.DB, []uuid.UUID{user.ID})
	if err != nil {
		return err
	}
	p := prefs[user.ID]
	for name, on := range switches {
		p.set(name, on)
	}
	if body.Email != nil {
		p.Email = *body.Email
	}
	if err := savePreferences(ctx, h.Service.store.DB, p); err != nil {
		return err
	}
	out, err := h.notifications(ctx, user, p)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// isNull reports whether raw is JSON null, which json.Unmarshal accepts
// for a bool and leaves it false.
func isNull(raw json.RawMessage) bool {
	return strings.TrimSpace(string(raw)) == "null"
}

func (h *Handler) notifications(ctx context.Context, user accounts.User, p Preferences) (Notifications, error) {
	out := Notifications{Events: map[string]bool{}, Email: p.Email}
	for _, e := range EventsFor(user.Role) {
		out.Events[e] = p.enabled(e)
	}
	var err error
	if out.PushDevices, err = countSubscriptions(ctx, h.Service.store.DB, user.ID); err != nil {
		return out, err
	}
	dep, err := h.Service.deployment(ctx)
	if err != nil {
		return out, err
	}
	out.SMTPConfigured = dep.SMTPURL != ""
	return out, nil
}
