"""Several Rasa servers on one machine behind a load balancer (`scripts/start --replicas N`).

PostgreSQL keeps the conversations, Redis the conversation locks and what the servers share,
HAProxy balances and health-checks the Rasa servers and the action servers. Every service is
a Debian package run as a child process with its data under one folder (`run/` by default);
`Cluster` starts them in order, restarts any that dies, and stops them all together.
"""
