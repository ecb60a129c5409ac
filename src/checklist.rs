//! The six-question checklist (SPEC §2): answers in, decision out. Pure and
//! small on purpose: every rule that talks about classification calls it.

use std::fmt;

/// The checklist questions, in the order they are asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Question {
    Regenerable,
    EncryptsStoredData,
    SharedExternally,
    OneTimeOrigin,
    DownstreamDependents,
    RotatedExternally,
}

impl Question {
    pub(crate) const ALL: [Question; 6] = [
        Question::Regenerable,
        Question::EncryptsStoredData,
        Question::SharedExternally,
        Question::OneTimeOrigin,
        Question::DownstreamDependents,
        Question::RotatedExternally,
    ];

    /// The key of this question in `[secret.checklist]`.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Question::Regenerable => "regenerable",
            Question::EncryptsStoredData => "encrypts_stored_data",
            Question::SharedExternally => "shared_externally",
            Question::OneTimeOrigin => "one_time_origin",
            Question::DownstreamDependents => "downstream_dependents",
            Question::RotatedExternally => "rotated_externally",
        }
    }

    /// 1-based position in the checklist.
    pub(crate) fn number(self) -> usize {
        self as usize + 1
    }

    /// The answer that means "store in 1Password".
    fn store_answer(self) -> bool {
        !matches!(self, Question::Regenerable)
    }
}

impl fmt::Display for Question {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "question {} (`{}`)", self.number(), self.key())
    }
}

/// What the checklist concludes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Keep it in 1Password; `at` is the question that decided.
    Store { at: Question },
    /// Recreate it from its chart or command.
    Regenerate,
    /// The answers stop before a decision; `missing` is the first gap.
    Unclassified { missing: Question },
}

impl Decision {
    /// The `decision` keyword of SPEC §3, if one was reached.
    pub(crate) fn keyword(self) -> Option<&'static str> {
        match self {
            Decision::Store { .. } => Some("store"),
            Decision::Regenerate => Some("regenerate"),
            Decision::Unclassified { .. } => None,
        }
    }
}

/// Runs the checklist. `answers` is indexed like [`Question::ALL`]; an
/// external origin answers question 1 with "no regeneration mechanism".
pub(crate) fn decide(answers: [Option<bool>; 6], external: bool) -> Decision {
    for question in Question::ALL {
        let answer = if external && question == Question::Regenerable {
            Some(false)
        } else {
            answers[question as usize]
        };
        match answer {
            None => return Decision::Unclassified { missing: question },
            Some(value) if value == question.store_answer() => {
                return Decision::Store { at: question };
            }
            Some(_) => {}
        }
    }
    Decision::Regenerate
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_STORE: [Option<bool>; 6] = [
        Some(true),
        Some(false),
        Some(false),
        Some(false),
        Some(false),
        Some(false),
    ];

    #[test]
    fn all_six_answered_without_store_regenerates() {
        assert_eq!(decide(NO_STORE, false), Decision::Regenerate);
    }

    #[test]
    fn each_question_can_decide_store_and_ends_the_checklist() {
        for question in Question::ALL {
            let mut answers = [None; 6];
            answers[..question as usize].copy_from_slice(&NO_STORE[..question as usize]);
            answers[question as usize] = Some(question.store_answer());
            assert_eq!(
                decide(answers, false),
                Decision::Store { at: question },
                "{question}"
            );
        }
    }

    #[test]
    fn answers_after_the_deciding_question_do_not_matter() {
        let mut answers = NO_STORE;
        answers[1] = Some(true);
        for later in [None, Some(true), Some(false)] {
            answers[4] = later;
            let at = Question::EncryptsStoredData;
            assert_eq!(decide(answers, false), Decision::Store { at });
        }
    }

    #[test]
    fn each_gap_before_a_decision_leaves_it_unclassified() {
        for question in Question::ALL {
            let mut answers = NO_STORE;
            answers[question as usize] = None;
            let expected = Decision::Unclassified { missing: question };
            assert_eq!(decide(answers, false), expected, "{question}");
        }
        let nothing = Decision::Unclassified {
            missing: Question::Regenerable,
        };
        assert_eq!(decide([None; 6], false), nothing);
    }

    #[test]
    fn external_origin_stores_at_question_one_whatever_is_written() {
        let at = Question::Regenerable;
        assert_eq!(decide(NO_STORE, true), Decision::Store { at });
        assert_eq!(decide([None; 6], true), Decision::Store { at });
    }

    #[test]
    fn exhaustive_over_every_answer_combination() {
        // 3^6 combinations, each checked against a restatement of SPEC §2.
        for code in 0..729u32 {
            let mut answers = [None; 6];
            let mut rest = code;
            for slot in &mut answers {
                *slot = [None, Some(false), Some(true)][(rest % 3) as usize];
                rest /= 3;
            }
            let first_gap_or_store = Question::ALL
                .into_iter()
                .find(|q| answers[*q as usize].is_none_or(|value| value == q.store_answer()));
            let expected = match first_gap_or_store {
                None => Decision::Regenerate,
                Some(q) if answers[q as usize].is_none() => Decision::Unclassified { missing: q },
                Some(q) => Decision::Store { at: q },
            };
            assert_eq!(decide(answers, false), expected, "{answers:?}");
        }
    }
}
