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
      <span class="govuk-body-s">Signed in as <strong>{{ user.name }}</strong>, {{ user.roleName }}</span>
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
{% from "govuk/components/button/macro.njk" import govukButton %}
{% from "govuk/components/tag/macro.njk" import govukTag %}
{% from "govuk/components/pagination/macro.njk" import govukPagination %}
{% block page %}
<h1 class="govuk-heading-l">Decision queue</h1>
<form method="get" action="/queue" class="govuk-!-margin-bottom-4">
  <div class="govuk-grid-row">
    <div class="govuk-grid-column-one-third">{{ govukSelect({ id: "kind", name: "kind", label: { text: "Kind" }, items: kindOptions }) }}</div>
    <div class="govuk-grid-column-one-third">{{ govukSelect({ id: "ldu", name: "ldu", label: { text: "LDU" }, items: lduOptions }) }}</div>
    <div class="govuk-grid-column-one-third">{{ govukSelect({ id: "provider", name: "provider", label: { text: "Provider" }, items: providerOptions }) }}</div>
  </div>
  {{ govukButton({ text: "Filter", classes: "govuk-button--secondary govuk-!-margin-bottom-0" }) }}
</form>
<p class="govuk-body" id="queue-count">{% if total == 0 %}{{ "No open items match these filters." if filtered else "Nothing is waiting." }}{% else %}Showing {{ first }} to {{ last }} of {{ total }} open item{{ "s" if total != 1 }}, overdue first, then by due time, as at {{ asAt }}.{% endif %}</p>
{% if items.length > 0 %}
<table class="govuk-table" aria-describedby="queue-count">
  <caption class="govuk-table__caption govuk-visually-hidden">Open items</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Item</th><th scope="col" class="govuk-table__header">Case</th>
    <th scope="col" class="govuk-table__header">Due</th><th scope="col" class="govuk-table__header">Held by</th>
    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th></tr></thead>
  <tbody class="govuk-table__body">
  {% for item in items %}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell">{% if item.action %}<a class="govuk-link" href="{{ item.action.href }}">{{ item.kindLabel }}</a>{% else %}{{ item.kindLabel }}{% endif %}<br><span class="govuk-body-s">{{ item.summary | truncate(160) }}</span></td>
      <td class="govuk-table__cell"><a class="govuk-link" href="/cases/{{ item.crn }}">{{ item.crn }}</a><br><span class="govuk-body-s">{{ item.ldu }}, {{ item.provider }}</span></td>
      <td class="govuk-table__cell">{% if item.overdue %}{{ govukTag({ text: item.timeLeft, classes: "govuk-tag--red" }) }}{% else %}{{ item.timeLeft }}{% endif %}<br><span class="govuk-body-s">{{ item.dueAtText }}</span></td>
      <td class="govuk-table__cell">{{ "You" if item.mine else (item.claimedBy or "Nobody") }}</td>
      <td class="govuk-table__cell">{% if item.mayRelease or item.mayClaim %}
        <form method="post" action="/queue/{{ item.itemId | urlencode }}/{{ 'release' if item.mayRelease else 'claim' }}">
          <input type="hidden" name="csrf" value="{{ csrf }}"><input type="hidden" name="returnTo" value="{{ returnTo }}">
          {% if item.mayRelease %}<button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">Release<span class="govuk-visually-hidden"> {{ item.kindLabel }} on {{ item.crn }}{% if not item.mine %} from {{ item.claimedBy }}{% endif %}</span></button>
          {% else %}<button type="submit" class="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">Claim<span class="govuk-visually-hidden"> {{ item.kindLabel }} on {{ item.crn }}</span></button>{% endif %}
        </form>{% endif %}
      </td>
    </tr>
  {% endfor %}
  </tbody>
</table>
{% if pagination %}{{ govukPagination(pagination) }}{% endif %}
{% endif %}
{% endblock %}`,

  'find-case.njk': `{% extends "layout.njk" %}
{% from "govuk/components/input/macro.njk" import govukInput %}
{% from "govuk/components/button/macro.njk" import govukButton %}
{% block page %}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<form method="get" action="/cases" novalidate>
  {{ govukInput({ id: "crn", name: "crn", value: crn, classes: "govuk-input--width-10", spellcheck: false,
     label: { text: "Find a case", classes: "govuk-label--l", isPageHeading: true },
     hint: { text: "Its case reference number (CRN): a letter and six digits, like X123456" },
     errorMessage: { text: error } if error }) }}
  {{ govukButton({ text: "Find the case" }) }}
</form>
<p class="govuk-body">Every case you open is recorded in that case's access log: who read it, when, and what they looked at.</p>
</div></div>
{% endblock %}`,

  'case.njk': `{% extends "layout.njk" %}
{% from "govuk/components/summary-list/macro.njk" import govukSummaryList %}
{% from "govuk/components/tag/macro.njk" import govukTag %}
{% from "govuk/components/button/macro.njk" import govukButton %}
{% from "govuk/components/date-input/macro.njk" import govukDateInput %}
{% from "govuk/components/input/macro.njk" import govukInput %}
{% from "govuk/components/pagination/macro.njk" import govukPagination %}
{% block page %}
<span class="govuk-caption-l">Case</span>
<h1 class="govuk-heading-l">{{ crn }}</h1>
{% if asOfText %}<div class="govuk-inset-text" id="as-of"><p class="govuk-body"><strong>As it stood at {{ asOfText }}</strong>: {{ shownEvents }} of its {{ allEvents }} events had happened.</p>
  <p class="govuk-body"><a class="govuk-link" href="/cases/{{ crn }}">Show the case as it is now</a></p></div>{% endif %}
<div class="govuk-!-margin-bottom-6" id="integrity">
  {% if integrity.intact %}{{ govukTag({ text: "Record intact", classes: "govuk-tag--green" }) }}{% else %}{{ govukTag({ text: "Record altered", classes: "govuk-tag--red" }) }}{% endif %}
  <span class="govuk-body">{{ integrity.text }}</span>
  {% if showHashes and integrity.headHash %}<br><span class="govuk-body-s">Latest hash <code>{{ integrity.headHash }}</code></span>{% endif %}
</div>
{% if facts %}{{ govukSummaryList({ rows: facts }) }}{% else %}<p class="govuk-body">The case had not been allocated at that moment.</p>{% endif %}

<h2 class="govuk-heading-m">Open items</h2>
{% if openItems.length == 0 %}<p class="govuk-body">None.</p>{% else %}
<table class="govuk-table"><caption class="govuk-table__caption govuk-visually-hidden">Open items</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Item</th><th scope="col" class="govuk-table__header">Due</th><th scope="col" class="govuk-table__header">Held by</th></tr></thead>
  <tbody class="govuk-table__body">{% for item in openItems %}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell">{% if item.action %}<a class="govuk-link" href="{{ item.action.href }}">{{ item.kindLabel }}<span class="govuk-visually-hidden"> {{ item.itemId }}</span></a>{% else %}{{ item.kindLabel }}{% endif %}<br><span class="govuk-body-s">{{ item.summary | truncate(160) }}</span></td>
      <td class="govuk-table__cell">{% if item.overdue %}{{ govukTag({ text: item.timeLeft, classes: "govuk-tag--red" }) }}{% else %}{{ item.timeLeft }}{% endif %}</td>
      <td class="govuk-table__cell">{{ item.claimedBy or "Nobody" }}</td></tr>
  {% endfor %}</tbody></table>{% endif %}
{% if mayDraftRecall %}{{ govukButton({ text: "Advise recall", href: "/cases/" + crn + "/recall-advice", classes: "govuk-button--secondary" }) }}{% endif %}

{% if closedItems.length > 0 %}
<h2 class="govuk-heading-m">Decided</h2>
<table class="govuk-table"><caption class="govuk-table__caption govuk-visually-hidden">Decided items</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Item</th><th scope="col" class="govuk-table__header">Outcome</th><th scope="col" class="govuk-table__header">By</th><th scope="col" class="govuk-table__header">When</th></tr></thead>
  <tbody class="govuk-table__body">{% for item in closedItems %}
    <tr class="govuk-table__row"><td class="govuk-table__cell">{{ item.kindLabel }}<br><span class="govuk-body-s">{{ item.itemId }}</span></td><td class="govuk-table__cell">{{ item.outcome }}</td><td class="govuk-table__cell">{{ item.by }}</td>
      <td class="govuk-table__cell">{{ item.at }}{% if item.late %} {{ govukTag({ text: "Late", classes: "govuk-tag--red" }) }}{% endif %}</td></tr>
  {% endfor %}</tbody></table>{% endif %}

<h2 class="govuk-heading-m">Timeline</h2>
<form method="get" action="/cases/{{ crn }}" class="govuk-!-margin-bottom-4" novalidate>
  {{ govukDateInput({ id: "asOf", namePrefix: "asOf",
     fieldset: { legend: { text: "Show the case as it stood at", classes: "govuk-fieldset__legend--s" } },
     hint: { text: "London time. For example, 27 11 2026 and 14:30. Leave the time empty for the end of that day." },
     errorMessage: { text: picker.error.text } if picker.error and picker.error.field != "time",
     items: [
       { name: "day", label: "Day", classes: "govuk-input--width-2" + (" govuk-input--error" if picker.error and picker.error.field != "time"), value: picker.day },
       { name: "month", label: "Month", classes: "govuk-input--width-2" + (" govuk-input--error" if picker.error and picker.error.field != "time"), value: picker.month },
       { name: "year", label: "Year", classes: "govuk-input--width-4" + (" govuk-input--error" if picker.error and picker.error.field != "time"), value: picker.year }
     ] }) }}
  {{ govukInput({ id: "asOf-time", name: "asOf-time", label: { text: "Time" }, value: picker.time, classes: "govuk-input--width-5",
     errorMessage: { text: picker.error.text } if picker.error and picker.error.field == "time" }) }}
  {{ govukButton({ text: "Show the case then", classes: "govuk-button--secondary govuk-!-margin-bottom-0" }) }}
</form>
<ul class="govuk-list" id="downloads">
  <li><a class="govuk-link" href="{{ downloads.csv }}" download>Download the timeline as CSV</a></li>
  <li><a class="govuk-link" href="{{ downloads.html }}" download>Download a printable report (HTML)</a></li>
  {% if downloads.bundle %}<li><a class="govuk-link" href="{{ downloads.bundle }}" download>Download the signed evidence bundle (JSON, the whole record, checkable offline)</a></li>{% endif %}
  {% if accessLog %}<li><a class="govuk-link" href="{{ accessLog }}">Who has read this case</a></li>{% endif %}
</ul>
<p class="govuk-body-s">Events tagged “Shared with” a provider are disclosed to that provider, in its feed and on its topic (the disclosure log says when it fetched them); the rest stay inside the public service.</p>
<table class="govuk-table" id="timeline"><caption class="govuk-table__caption govuk-visually-hidden">Every event of the case, oldest first</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Rev.</th><th scope="col" class="govuk-table__header">When</th><th scope="col" class="govuk-table__header">What happened</th><th scope="col" class="govuk-table__header">Who</th>{% if showHashes %}<th scope="col" class="govuk-table__header">Hash</th>{% endif %}</tr></thead>
  <tbody class="govuk-table__body">{% for entry in timeline %}
    <tr class="govuk-table__row"><td class="govuk-table__cell">{{ entry.revision }}</td><td class="govuk-table__cell"><time datetime="{{ entry.occurredAt }}">{{ entry.when }}</time></td>
      <td class="govuk-table__cell">{{ entry.what }}{% if entry.lateness %}<br>{{ govukTag({ text: entry.lateness.text, classes: "govuk-tag--red" if entry.lateness.late else "govuk-tag--green" }) }}{% endif %}{% if entry.disclosedTo %}<br>{{ govukTag({ text: "Shared with " + entry.disclosedTo, classes: "govuk-tag--blue" }) }}{% endif %}</td>
      <td class="govuk-table__cell">{{ entry.who }}<br><span class="govuk-body-s">{{ entry.role }}</span></td>
      {% if showHashes %}<td class="govuk-table__cell"><code class="govuk-body-s">{{ entry.hash | truncate(12, true, "…") }}</code></td>{% endif %}</tr>
  {% endfor %}</tbody></table>
{% if timelinePagination %}{{ govukPagination(timelinePagination) }}{% endif %}
{% endblock %}`,

  'item.njk': `{% extends "layout.njk" %}
{% from "govuk/components/summary-list/macro.njk" import govukSummaryList %}
{% from "govuk/components/radios/macro.njk" import govukRadios %}
{% from "govuk/components/character-count/macro.njk" import govukCharacterCount %}
{% from "govuk/components/select/macro.njk" import govukSelect %}
{% from "govuk/components/button/macro.njk" import govukButton %}
{% from "govuk/components/tag/macro.njk" import govukTag %}
{% from "govuk/components/warning-text/macro.njk" import govukWarningText %}
{% from "govuk/components/inset-text/macro.njk" import govukInsetText %}
{% from "govuk/components/details/macro.njk" import govukDetails %}
{% from "govuk/components/notification-banner/macro.njk" import govukNotificationBanner %}
{% block page %}
{% if refusal %}{{ govukNotificationBanner({ titleText: "Not recorded", text: refusal.text, attributes: { id: "refusal" } }) }}{% endif %}
<span class="govuk-caption-l">{{ item.kindLabel }} {{ item.itemId }} on <a class="govuk-link" href="/cases/{{ crn }}">case {{ crn }}</a></span>
<h1 class="govuk-heading-l">{% if item.kind == "RECALL_COUNTERSIGN" %}{{ "Countersign recall advice" if item.open else "Recall advice: issued" }}{% elif item.open %}Decide this {{ item.kindLabel | lower }}{% else %}{{ item.kindLabel }}: decided{% endif %}</h1>
{{ govukSummaryList({ rows: facts }) }}

{% if outcome %}
<h2 class="govuk-heading-m">Decision</h2>
{{ govukSummaryList({ attributes: { id: "decision" }, rows: [
  { key: { text: "Outcome" }, value: { text: outcome.outcome } },
  { key: { text: "Decided by" }, value: { text: outcome.by + ", " + outcome.at + (" (late)" if outcome.late else "") } },
  { key: { text: "Reasons" }, value: { text: outcome.rationale } },
  { key: { text: "Advice to the provider" }, value: { text: outcome.advice or "None" } }
] }) }}
{% endif %}

{% if signatures %}
<h2 class="govuk-heading-m">Countersignatures</h2>
{{ govukSummaryList({ attributes: { id: "signatures" }, rows: [
  { key: { text: signatures.spo.label }, value: { text: signatures.spo.text + (": " + signatures.spo.rationale if signatures.spo.rationale else "") } },
  { key: { text: signatures.aco.label }, value: { text: signatures.aco.text + (": " + signatures.aco.rationale if signatures.aco.rationale else "") } },
  { key: { text: "Issued" }, value: { text: signatures.issuedAt or "Not yet" } }
] }) }}
{% endif %}

{% if item.open %}
  {% if heldByOther %}{{ govukWarningText({ text: item.claimedBy + " holds this item. Only they can act on it until they release it (an SPO or ACO can release it for them).", iconFallbackText: "Warning" }) }}{% endif %}
  {% if blocker %}{{ govukInsetText({ text: blocker, attributes: { id: "blocker" } }) }}{% endif %}
  {% if mayClaim %}
    <form method="post" action="/queue/{{ item.itemId | urlencode }}/claim" class="govuk-!-margin-bottom-6">
      <input type="hidden" name="csrf" value="{{ csrf }}"><input type="hidden" name="returnTo" value="{{ returnTo }}">
      <p class="govuk-body">Nobody holds this item. Claim it so that nobody else acts on it while you work.</p>
      {{ govukButton({ text: "Claim this item", classes: "govuk-button--secondary" }) }}
    </form>
  {% elif mine %}<p class="govuk-body">You hold this item.</p>{% endif %}
{% endif %}

{% if showForm %}
<form method="post" novalidate>
  <input type="hidden" name="csrf" value="{{ csrf }}">
  {% if item.kind == "RECALL_COUNTERSIGN" %}
    <h2 class="govuk-heading-m">Countersign as {{ signAs }}</h2>
    {{ govukCharacterCount({ id: "rationale", name: "rationale", maxlength: 10000, value: draft.rationale,
       label: { text: "Your comment", classes: "govuk-label--s" }, hint: { text: "Say why you support this recall advice. It is recorded with your countersignature." },
       errorMessage: { text: errorFor.rationale } if errorFor.rationale }) }}
    {{ govukButton({ text: "Countersign and issue" if signAs == "ACO" else "Countersign", preventDoubleClick: true }) }}
  {% else %}
    <h2 class="govuk-heading-m">Your decision</h2>
    {{ govukRadios({ idPrefix: "outcome", name: "outcome", items: outcomes,
       fieldset: { legend: { text: "What have you decided?", classes: "govuk-fieldset__legend--s" } },
       errorMessage: { text: errorFor.outcome } if errorFor.outcome }) }}
    {{ govukCharacterCount({ id: "rationale", name: "rationale", maxlength: 10000, value: draft.rationale,
       label: { text: "Your reasons", classes: "govuk-label--s" }, hint: { text: "Recorded with your decision and shown to the provider and to auditors." },
       errorMessage: { text: errorFor.rationale } if errorFor.rationale }) }}
    {% if item.kind == "ESCALATION" %}
      {{ govukCharacterCount({ id: "advice", name: "advice", maxlength: 10000, value: draft.advice, rows: 3,
         label: { text: "Advice to the provider (optional)", classes: "govuk-label--s" },
         errorMessage: { text: errorFor.advice } if errorFor.advice }) }}
      {{ govukSelect({ id: "revisedRosh", name: "revisedRosh", items: roshOptions, label: { text: "Revised risk of serious harm (optional)", classes: "govuk-label--s" },
         errorMessage: { text: errorFor.revisedRosh } if errorFor.revisedRosh }) }}
    {% endif %}
    {{ govukButton({ text: "Record decision", preventDoubleClick: true }) }}
  {% endif %}
</form>
{% elif refusal and draft.rationale %}
  {{ govukDetails({ summaryText: "What you wrote (not recorded)", text: draft.rationale, attributes: { id: "your-draft" } }) }}
{% endif %}
<p class="govuk-body"><a class="govuk-link" href="/queue">Back to the queue</a></p>
{% endblock %}`,

  'recall-advice.njk': `{% extends "layout.njk" %}
{% from "govuk/components/radios/macro.njk" import govukRadios %}
{% from "govuk/components/checkboxes/macro.njk" import govukCheckboxes %}
{% from "govuk/components/character-count/macro.njk" import govukCharacterCount %}
{% from "govuk/components/button/macro.njk" import govukButton %}
{% from "govuk/components/notification-banner/macro.njk" import govukNotificationBanner %}
{% block page %}
{% if refusal %}{{ govukNotificationBanner({ titleText: "Not recorded", text: refusal.text, attributes: { id: "refusal" } }) }}{% endif %}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<span class="govuk-caption-l">Case <a class="govuk-link" href="/cases/{{ crn }}">{{ crn }}</a></span>
<h1 class="govuk-heading-l">Advise recall</h1>
<p class="govuk-body">Your advice goes to a senior probation officer to countersign, then an assistant chief officer. It is issued when both have signed; neither may be you.</p>
<form method="post" novalidate>
  <input type="hidden" name="csrf" value="{{ csrf }}"><input type="hidden" name="recallAdviceId" value="{{ draft.recallAdviceId }}">
  {{ govukRadios({ idPrefix: "recallType", name: "recallType", items: recallTypes,
     fieldset: { legend: { text: "Type of recall", classes: "govuk-fieldset__legend--s" } },
     errorMessage: { text: errorFor.recallType } if errorFor.recallType }) }}
  {{ govukRadios({ idPrefix: "emergency", name: "emergency", items: emergencyOptions, classes: "govuk-radios--inline",
     fieldset: { legend: { text: "Is this an emergency recall?", classes: "govuk-fieldset__legend--s" } },
     errorMessage: { text: errorFor.emergency } if errorFor.emergency }) }}
  {{ govukCheckboxes({ idPrefix: "basedOn", name: "basedOn", items: bases,
     fieldset: { legend: { text: "What is the advice based on?", classes: "govuk-fieldset__legend--s" } },
     hint: { text: "Select all that apply." },
     errorMessage: { text: errorFor.basedOn } if errorFor.basedOn }) }}
  {{ govukCharacterCount({ id: "rationale", name: "rationale", maxlength: 10000, value: draft.rationale,
     label: { text: "Reasons for recall", classes: "govuk-label--s" },
     errorMessage: { text: errorFor.rationale } if errorFor.rationale }) }}
  {{ govukButton({ text: "Send for countersignature", preventDoubleClick: true }) }}
</form>
</div></div>
{% endblock %}`,

  'access-log.njk': `{% extends "layout.njk" %}
{% from "govuk/components/pagination/macro.njk" import govukPagination %}
{% block page %}
<span class="govuk-caption-l">Case <a class="govuk-link" href="/cases/{{ crn }}">{{ crn }}</a></span>
<h1 class="govuk-heading-l">Who has read this case</h1>
<p class="govuk-body">Every reading by providers, staff and auditors, newest first, this one included. The log is kept apart from the case's own events, so reading never changes the case. What providers were sent in their feeds and on their topics is in <a class="govuk-link" href="/reports/disclosures?crn={{ crn }}">the disclosure log</a>.</p>
<p class="govuk-body" id="reads-count">{{ count }}.</p>
<table class="govuk-table" id="reads"><caption class="govuk-table__caption govuk-visually-hidden">Readings of case {{ crn }}</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">When</th><th scope="col" class="govuk-table__header">Who</th><th scope="col" class="govuk-table__header">What they read</th><th scope="col" class="govuk-table__header">From</th></tr></thead>
  <tbody class="govuk-table__body">{% for read in reads %}
    <tr class="govuk-table__row"><td class="govuk-table__cell">{{ read.at }}</td><td class="govuk-table__cell">{{ read.who }}<br><span class="govuk-body-s">{{ read.role }}</span></td>
      <td class="govuk-table__cell">{{ read.view }}{% if read.query %}<br><span class="govuk-body-s">{{ read.query }}</span>{% endif %}</td><td class="govuk-table__cell">{{ read.from }}</td></tr>
  {% endfor %}</tbody></table>
{% if pagination %}{{ govukPagination(pagination) }}{% endif %}
{% endblock %}`,

  'late-decisions.njk': `{% extends "layout.njk" %}
{% from "date-field.njk" import dateField with context %}
{% from "govuk/components/button/macro.njk" import govukButton %}
{% from "govuk/components/tag/macro.njk" import govukTag %}
{% from "govuk/components/pagination/macro.njk" import govukPagination %}
{% block page %}
<h1 class="govuk-heading-l">Late decisions</h1>
<p class="govuk-body">Every item decided after its due time, or still undecided past it, with who decided it or holds it.</p>
<form method="get" action="/reports/late-decisions" novalidate>
  <div class="govuk-grid-row">
    <div class="govuk-grid-column-one-half">{{ dateField("from", "Due on or after") }}</div>
    <div class="govuk-grid-column-one-half">{{ dateField("to", "Due on or before") }}</div>
  </div>
  {{ govukButton({ text: "Show late decisions", classes: "govuk-button--secondary" }) }}
</form>
<p class="govuk-body" id="late-count">{{ count }}, as at {{ asAt }}. <a class="govuk-link" href="{{ download }}" download>Download as CSV</a></p>
{% if items.length > 0 %}
<table class="govuk-table" aria-describedby="late-count"><caption class="govuk-table__caption govuk-visually-hidden">Late items</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Item</th><th scope="col" class="govuk-table__header">Case</th><th scope="col" class="govuk-table__header">Was due</th><th scope="col" class="govuk-table__header">Late by</th><th scope="col" class="govuk-table__header">Decided</th></tr></thead>
  <tbody class="govuk-table__body">{% for item in items %}
    <tr class="govuk-table__row"><td class="govuk-table__cell">{{ item.kindLabel }}<br><span class="govuk-body-s">{{ item.itemId }}</span></td>
      <td class="govuk-table__cell"><a class="govuk-link" href="/cases/{{ item.crn }}">{{ item.crn }}</a></td><td class="govuk-table__cell">{{ item.dueText }}</td>
      <td class="govuk-table__cell">{{ item.lateBy }}</td>
      <td class="govuk-table__cell">{% if item.decidedText %}{{ item.decidedText }}{% else %}{{ govukTag({ text: "Still overdue", classes: "govuk-tag--red" }) }}{% if item.heldBy %}<br><span class="govuk-body-s">held by {{ item.heldBy }}</span>{% endif %}{% endif %}</td></tr>
  {% endfor %}</tbody></table>
{% if pagination %}{{ govukPagination(pagination) }}{% endif %}{% endif %}
{% endblock %}`,

  // A London date as day, month and year boxes, for a report's range (errors and values from the page's context).
  'date-field.njk': `{% from "govuk/components/date-input/macro.njk" import govukDateInput %}
{% macro dateField(end, legend) %}
  {% set error = errorFor[end + "-day"] or errorFor[end + "-month"] or errorFor[end + "-year"] %}
  {{ govukDateInput({ id: end, namePrefix: end, fieldset: { legend: { text: legend, classes: "govuk-fieldset__legend--s" } },
     errorMessage: { text: error } if error,
     items: [
       { name: "day", label: "Day", classes: "govuk-input--width-2" + (" govuk-input--error" if error), value: fields[end + "-day"] },
       { name: "month", label: "Month", classes: "govuk-input--width-2" + (" govuk-input--error" if error), value: fields[end + "-month"] },
       { name: "year", label: "Year", classes: "govuk-input--width-4" + (" govuk-input--error" if error), value: fields[end + "-year"] }
     ] }) }}
{% endmacro %}
`,

  'disclosures.njk': `{% extends "layout.njk" %}
{% from "date-field.njk" import dateField with context %}
{% from "govuk/components/input/macro.njk" import govukInput %}
{% from "govuk/components/button/macro.njk" import govukButton %}
{% from "govuk/components/pagination/macro.njk" import govukPagination %}
{% block page %}
<h1 class="govuk-heading-l">Disclosures to providers</h1>
<p class="govuk-body">Everything the hub gave a provider, recorded before it went: its reads of a case, the pages of its feed and the messages on its Kafka topic, each with the events it carried. Newest first.</p>
<form method="get" action="/reports/disclosures" novalidate>
  <div class="govuk-grid-row">
    <div class="govuk-grid-column-one-half">{{ govukInput({ id: "provider", name: "provider", label: { text: "Provider", classes: "govuk-label--s" }, hint: { text: "For example, CRC07" }, value: fields.provider, classes: "govuk-input--width-10", errorMessage: { text: errorFor.provider } if errorFor.provider }) }}</div>
    <div class="govuk-grid-column-one-half">{{ govukInput({ id: "crn", name: "crn", label: { text: "Case reference number", classes: "govuk-label--s" }, hint: { text: "For example, X123456" }, value: fields.crn, classes: "govuk-input--width-10", errorMessage: { text: errorFor.crn } if errorFor.crn }) }}</div>
  </div>
  <div class="govuk-grid-row">
    <div class="govuk-grid-column-one-half">{{ dateField("from", "On or after") }}</div>
    <div class="govuk-grid-column-one-half">{{ dateField("to", "On or before") }}</div>
  </div>
  {{ govukButton({ text: "Show disclosures", classes: "govuk-button--secondary" }) }}
</form>
<p class="govuk-body" id="disclosures-count">{{ count }}. <a class="govuk-link" href="{{ download }}" download>Download as CSV</a></p>
{% if entries.length > 0 %}
<table class="govuk-table" id="disclosures" aria-describedby="disclosures-count"><caption class="govuk-table__caption govuk-visually-hidden">Disclosures, newest first</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">When</th><th scope="col" class="govuk-table__header">Provider</th><th scope="col" class="govuk-table__header">How</th><th scope="col" class="govuk-table__header">What it carried</th><th scope="col" class="govuk-table__header">Who, from where</th></tr></thead>
  <tbody class="govuk-table__body">{% for entry in entries %}
    <tr class="govuk-table__row"><td class="govuk-table__cell">{{ entry.at }}</td><td class="govuk-table__cell">{{ entry.provider }}</td>
      <td class="govuk-table__cell">{{ entry.channel }}<br><span class="govuk-body-s">{{ entry.detail }}</span></td>
      <td class="govuk-table__cell">{% for crn in entry.crns %}<a class="govuk-link" href="/cases/{{ crn }}">{{ crn }}</a>{% if not loop.last %}, {% endif %}{% endfor %}
        {% if entry.events.length > 0 %}<details class="govuk-details govuk-!-margin-bottom-0"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">{{ entry.events.length }} event{% if entry.events.length != 1 %}s{% endif %}</span></summary>
        <div class="govuk-details__text"><ul class="govuk-list govuk-body-s">{% for event in entry.events %}<li>{{ event }}</li>{% endfor %}</ul></div></details>{% endif %}</td>
      <td class="govuk-table__cell">{{ entry.who }}{% if entry.from %}<br><span class="govuk-body-s">{{ entry.from }}</span>{% endif %}</td></tr>
  {% endfor %}</tbody></table>
{% if pagination %}{{ govukPagination(pagination) }}{% endif %}{% endif %}
{% endblock %}`,

  'message.njk': `{% extends "layout.njk" %}
{% block page %}<h1 class="govuk-heading-l">{{ title }}</h1><p class="govuk-body">{{ message }}</p>
{% if back %}<p class="govuk-body"><a class="govuk-link" href="{{ back.href }}">{{ back.text }}</a></p>{% endif %}{% endblock %}`,
};
