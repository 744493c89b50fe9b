/**
 * The pages' Nunjucks templates, kept in code so the bundled app needs no template files of its own;
 * GOV.UK Frontend's layout and component macros come from the govuk-frontend package.
 */
export const TEMPLATES: Record<string, string> = {
  'layout.njk': `{% extends "govuk/template.njk" %}
{% from "govuk/components/header/macro.njk" import govukHeader %}
{% from "govuk/components/service-navigation/macro.njk" import govukServiceNavigation %}
{% from "govuk/components/error-summary/macro.njk" import govukErrorSummary %}
{% from "govuk/components/notification-banner/macro.njk" import govukNotificationBanner %}
{% set assetPath = "/assets" %}
{% block pageTitle %}{{ ("Error: " if errors else "") + title }} – Escalation Hub{% endblock %}
{% block head %}<link rel="stylesheet" href="/assets/govuk-frontend.min.css">{% endblock %}
{% block header %}
  {{ govukHeader({ homepageUrl: "/" }) }}
  {{ govukServiceNavigation({ serviceName: "Escalation Hub", serviceUrl: "/", navigation: navigation }) }}
{% endblock %}
{% block beforeContent %}
  {% if user %}
    <form method="post" action="/sign-out" class="govuk-!-margin-top-3 govuk-!-text-align-right">
      <input type="hidden" name="csrf" value="{{ csrf }}">
      <span class="govuk-body-s">Signed in as <strong>{{ user.name }}</strong> ({{ user.role }})</span>
      <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-left-2" data-module="govuk-button">Sign out</button>
    </form>
  {% endif %}
{% endblock %}
{% block content %}
  {% if errors %}{{ govukErrorSummary({ titleText: "There is a problem", errorList: errors }) }}{% endif %}
  {% if notice %}{{ govukNotificationBanner({ text: notice.text, type: notice.type }) }}{% endif %}
  {% block page %}{% endblock %}
{% endblock %}
{% block bodyEnd %}<script type="module" src="/assets/govuk-frontend.min.js"></script><script type="module" src="/assets/init.js"></script>{% endblock %}`,

  'sign-in.njk': `{% extends "layout.njk" %}
{% from "govuk/components/input/macro.njk" import govukInput %}
{% from "govuk/components/password-input/macro.njk" import govukPasswordInput %}
{% from "govuk/components/button/macro.njk" import govukButton %}
{% block page %}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
  <h1 class="govuk-heading-l">Sign in</h1>
  <p class="govuk-body">For decision-makers, senior probation officers, assistant chief officers and auditors. Provider systems use the API.</p>
  <form method="post" action="/sign-in" novalidate>
    <input type="hidden" name="csrf" value="{{ csrf }}">
    {{ govukInput({ label: { text: "User name" }, id: "name", name: "name", value: name, autocomplete: "username", spellcheck: false,
       errorMessage: { text: errorFor.name } if errorFor.name }) }}
    {{ govukPasswordInput({ label: { text: "Password" }, id: "password", name: "password", autocomplete: "current-password",
       errorMessage: { text: errorFor.password } if errorFor.password }) }}
    {{ govukButton({ text: "Sign in" }) }}
  </form>
</div></div>
{% endblock %}`,

  'queue.njk': `{% extends "layout.njk" %}
{% from "govuk/components/select/macro.njk" import govukSelect %}
{% from "govuk/components/input/macro.njk" import govukInput %}
{% from "govuk/components/button/macro.njk" import govukButton %}
{% from "govuk/components/tag/macro.njk" import govukTag %}
{% block page %}
<h1 class="govuk-heading-l">Decision queue</h1>
<p class="govuk-body">Open items, overdue first, then by due time. {{ total }} shown, as at {{ asAt }}.</p>
<form method="get" action="/queue" class="govuk-!-margin-bottom-6">
  <div class="govuk-grid-row">
    <div class="govuk-grid-column-one-third">{{ govukSelect({ id: "kind", name: "kind", label: { text: "Kind" }, items: kindOptions }) }}</div>
    <div class="govuk-grid-column-one-third">{{ govukInput({ id: "ldu", name: "ldu", label: { text: "LDU" }, value: filter.ldu, classes: "govuk-!-width-full" }) }}</div>
    <div class="govuk-grid-column-one-third">{{ govukInput({ id: "provider", name: "provider", label: { text: "Provider" }, value: filter.provider, classes: "govuk-!-width-full" }) }}</div>
  </div>
  {{ govukButton({ text: "Filter", classes: "govuk-button--secondary" }) }}
</form>
{% if items.length == 0 %}<p class="govuk-body">Nothing is waiting.</p>{% else %}
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-visually-hidden">Open items</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Item</th><th scope="col" class="govuk-table__header">Case</th>
    <th scope="col" class="govuk-table__header">Due</th><th scope="col" class="govuk-table__header">Held by</th>
    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Action</span></th></tr></thead>
  <tbody class="govuk-table__body">
  {% for item in items %}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell">{{ item.kindLabel }}<br><span class="govuk-body-s">{{ item.summary }}</span></td>
      <td class="govuk-table__cell"><a class="govuk-link" href="/cases/{{ item.crn }}">{{ item.crn }}</a><br><span class="govuk-body-s">{{ item.ldu }}, {{ item.provider }}</span></td>
      <td class="govuk-table__cell">{% if item.overdue %}{{ govukTag({ text: "Overdue", classes: "govuk-tag--red" }) }} {% endif %}{{ item.timeLeft }}<br><span class="govuk-body-s">{{ item.dueAtText }}</span></td>
      <td class="govuk-table__cell">{{ item.claimedBy or "Nobody" }}</td>
      <td class="govuk-table__cell">{% if item.claimedBy != user.name %}
        <form method="post" action="/queue/{{ item.itemId }}/claim"><input type="hidden" name="csrf" value="{{ csrf }}">
          <button type="submit" class="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">Claim<span class="govuk-visually-hidden"> {{ item.kindLabel }} on {{ item.crn }}</span></button></form>
      {% else %}<strong>Yours</strong>{% endif %}</td>
    </tr>
  {% endfor %}
  </tbody>
</table>{% endif %}
{% endblock %}`,

  'case.njk': `{% extends "layout.njk" %}
{% from "govuk/components/summary-list/macro.njk" import govukSummaryList %}
{% block page %}
<span class="govuk-caption-l">Case</span>
<h1 class="govuk-heading-l">{{ state.crn }}</h1>
{{ govukSummaryList({ rows: facts }) }}
<h2 class="govuk-heading-m">Open items</h2>
{% if openItems.length == 0 %}<p class="govuk-body">None.</p>{% else %}
<table class="govuk-table"><caption class="govuk-table__caption govuk-visually-hidden">Open items</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Item</th><th scope="col" class="govuk-table__header">Due</th><th scope="col" class="govuk-table__header">Held by</th></tr></thead>
  <tbody class="govuk-table__body">{% for item in openItems %}
    <tr class="govuk-table__row"><td class="govuk-table__cell">{{ item.kindLabel }}</td><td class="govuk-table__cell">{{ item.timeLeft }}</td><td class="govuk-table__cell">{{ item.claimedBy or "Nobody" }}</td></tr>
  {% endfor %}</tbody></table>{% endif %}
{% endblock %}`,

  'message.njk': `{% extends "layout.njk" %}
{% block page %}<h1 class="govuk-heading-l">{{ title }}</h1><p class="govuk-body">{{ message }}</p>{% endblock %}`,
};
