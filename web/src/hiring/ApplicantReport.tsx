import type { ApplicantCheck, HireSource } from './hire-types.ts'

function Sources({ sources }: { sources: readonly HireSource[] }) {
  return (
    <ul className="hire-sources">
      {sources.map((s) => (
        <li key={s.id}>
          <a href={s.url} rel="noreferrer noopener" target="_blank">
            {s.title}
          </a>{' '}
          <span className="muted">
            ({s.publisher}, {s.date})
          </span>
        </li>
      ))}
    </ul>
  )
}

/** An applicant's red flags with their evidence and sources, the applicants linked to them, and what passed. */
export function ApplicantReport({ r }: { r: ApplicantCheck }) {
  return (
    <section className="panel" aria-labelledby="applicant-report">
      <h2 id="applicant-report">
        Applicant <code>{r.applicantId}</code>: score {r.score} of 100,{' '}
        <span className={`badge band-${r.band}`}>{r.band}</span>
      </h2>
      <p className="advisory">{r.advisory}</p>
      <h3>Red flags ({r.signals.length})</h3>
      {r.signals.length === 0 ? <p className="muted">No rule fired.</p> : null}
      <ul className="signals">
        {r.signals.map((s) => (
          <li key={s.ruleId} data-rule={s.ruleId}>
            <strong>{s.signal}</strong> <code>{s.ruleId}</code> <span className="muted">weight {s.weight}</span>
            <ul>
              {s.evidence.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
            <Sources sources={s.sources} />
          </li>
        ))}
      </ul>
      <LinkedApplicants r={r} />
      <RuleLists r={r} />
    </section>
  )
}

/** The applicants who share an identifier or a résumé with this one, and what they share. */
function LinkedApplicants({ r }: { r: ApplicantCheck }) {
  return (
    <>
      <h3>Linked applicants</h3>
      {r.linkedApplicants.length === 0 ? (
        <p className="muted">None of the applicants checked against shares an identifier or résumé with this one.</p>
      ) : (
        <>
          <p className="linked">
            {r.linkedApplicants.map((id) => (
              <code key={id} className="linked-id">
                {id}
              </code>
            ))}
          </p>
          {r.cluster ? (
            <ul>
              {r.cluster.shared.map((s) => (
                <li key={`${s.kind}-${s.value}`}>
                  shared {s.kind} <code>{s.value}</code> by {s.members.join(', ')}
                </li>
              ))}
              {r.cluster.similarResumes.map((x) => (
                <li key={`${x.a}-${x.b}`}>
                  résumés of {x.a} and {x.b} {Math.round(x.similarity * 100)}% similar
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
    </>
  )
}

/** Every rule that ran: what passed with what it measured, and what could not be evaluated and why. */
function RuleLists({ r }: { r: ApplicantCheck }) {
  return (
    <>
      <details>
        <summary>Checked and passed ({r.passed.length})</summary>
        <ul>
          {r.passed.map((p) => (
            <li key={p.ruleId}>
              <code>{p.ruleId}</code>: {p.detail}
            </li>
          ))}
        </ul>
      </details>
      <details open={r.notEvaluated.length > 0}>
        <summary>Not evaluated ({r.notEvaluated.length})</summary>
        <ul>
          {r.notEvaluated.map((p) => (
            <li key={p.ruleId}>
              <code>{p.ruleId}</code>: {p.reason}
            </li>
          ))}
        </ul>
      </details>
    </>
  )
}
