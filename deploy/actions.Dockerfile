# The action server of this assistant, on Rasa's official rasa-sdk image (built by
# docker-compose.yml). Build context: the project root.
FROM rasa/rasa-sdk:3.6.2
WORKDIR /app
COPY actions/ actions/
COPY core/ core/
COPY domain.yml domain.yml
COPY facts/ facts/
# actions/server.py: rasa-sdk's app with the token check and errors that reveal nothing.
ENTRYPOINT ["python", "-m", "actions.server"]
CMD ["--port", "5055"]
