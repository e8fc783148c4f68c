"""The job machinery: plans and their effects, job states, submission and locks,
the runner, recovery, the engine, and following a job from another process."""
