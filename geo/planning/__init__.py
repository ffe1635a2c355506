"""Planning from the database: scenarios, the job runner, stored plans, travel models."""
