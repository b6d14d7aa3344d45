"""The evaluation suite: questions over the bundled corpus, metrics without a judge model, a runner
(``carechat eval``) and the reports it writes. See evals/README.md."""
