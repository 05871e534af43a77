#!/usr/bin/env python3
"""Writes the sample Lambda events in events/ for `sam local invoke` and the runtime tests.

The API Gateway events carry a real 64x64 JPEG, posted the way PurePost's backend posts it (python
requests, multipart/form-data, field `file`, `image.jpg`, `image/jpeg`), base64-encoded as API Gateway
encodes binary media types. Event shapes follow the AWS documentation's examples for REST API proxy
integrations (payload 1.0), HTTP APIs (payload 2.0) and S3 notifications. Needs Pillow.

    python3 tools/lambda-events.py
"""
import base64
import io
import json
import pathlib

from PIL import Image

EVENTS = pathlib.Path(__file__).resolve().parent.parent / "events"
BOUNDARY = "9f2b8c4d1e6a4f3b8d7c6e5f4a3b2c1d"  # requests draws 32 hex digits, unquoted
API_ID = "a1b2c3d4e5"
HOST = f"{API_ID}.execute-api.us-east-1.amazonaws.com"
SOURCE_IP = "203.0.113.10"
USER_AGENT = "python-requests/2.31.0"
TRACE = "Root=1-67a1b2c3-0123456789abcdef01234567"


def jpeg_64x64():
    image = Image.new("RGB", (64, 64))
    image.putdata([((x * 4) % 256, (y * 4) % 256, ((x ^ y) * 8) % 256) for y in range(64) for x in range(64)])
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


def multipart(image):
    return (f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="file"; filename="image.jpg"\r\n'
            "Content-Type: image/jpeg\r\n\r\n").encode() + image + f"\r\n--{BOUNDARY}--\r\n".encode()


def rest_api(method, path, headers, body):
    """API Gateway REST API, Lambda proxy integration, payload format 1.0, stage Prod (SAM's implicit API)."""
    base = {"Accept": "*/*", "Host": HOST, "User-Agent": USER_AGENT, "X-Amzn-Trace-Id": TRACE,
            "X-Forwarded-For": SOURCE_IP, "X-Forwarded-Port": "443", "X-Forwarded-Proto": "https"}
    base.update(headers)
    return {
        "resource": path,
        "path": path,
        "httpMethod": method,
        "headers": base,
        "multiValueHeaders": {name: [value] for name, value in base.items()},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": None,
        "stageVariables": None,
        "requestContext": {
            "resourceId": "2gxmpl",
            "resourcePath": path,
            "httpMethod": method,
            "extendedRequestId": "JJbxmplHYosFVYQ=",
            "requestTime": "25/Nov/2026:03:30:00 +0000",
            "path": "/Prod" + path,
            "accountId": "123456789012",
            "protocol": "HTTP/1.1",
            "stage": "Prod",
            "domainPrefix": API_ID,
            "requestTimeEpoch": 1795577400000,
            "requestId": "77375676-xmpl-4b79-853a-f982474efe18",
            "identity": {"cognitoIdentityPoolId": None, "accountId": None, "cognitoIdentityId": None,
                         "caller": None, "sourceIp": SOURCE_IP, "principalOrgId": None, "accessKey": None,
                         "cognitoAuthenticationType": None, "cognitoAuthenticationProvider": None,
                         "userArn": None, "userAgent": USER_AGENT, "user": None},
            "domainName": HOST,
            "apiId": API_ID,
        },
        "body": None if body is None else base64.b64encode(body).decode(),
        "isBase64Encoded": body is not None,
    }


def http_api(method, path, headers, body):
    """API Gateway HTTP API, payload format 2.0, $default stage (SAM's implicit HTTP API)."""
    base = {"accept": "*/*", "host": HOST, "user-agent": USER_AGENT, "x-amzn-trace-id": TRACE,
            "x-forwarded-for": SOURCE_IP, "x-forwarded-port": "443", "x-forwarded-proto": "https"}
    base.update({name.lower(): value for name, value in headers.items()})
    event = {
        "version": "2.0",
        "routeKey": f"{method} {path}",
        "rawPath": path,
        "rawQueryString": "",
        "headers": base,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": API_ID,
            "domainName": HOST,
            "domainPrefix": API_ID,
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": SOURCE_IP,
                     "userAgent": USER_AGENT},
            "requestId": "JKJaXmPLvHcESHA=",
            "routeKey": f"{method} {path}",
            "stage": "$default",
            "time": "25/Nov/2026:03:30:00 +0000",
            "timeEpoch": 1795577400000,
        },
        "isBase64Encoded": body is not None,
    }
    if body is not None:
        event["body"] = base64.b64encode(body).decode()
    return event


def s3_put(bucket, encoded_key, size, etag):
    """An S3 ObjectCreated:Put notification; the key is URL-encoded as S3 sends it."""
    return {"Records": [{
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": "us-east-1",
        "eventTime": "2026-11-25T03:30:00.000Z",
        "eventName": "ObjectCreated:Put",
        "userIdentity": {"principalId": "AWS:AIDAINPONIXQXHT3IKHL2"},
        "requestParameters": {"sourceIPAddress": SOURCE_IP},
        "responseElements": {"x-amz-request-id": "C3D13FE58DE4C810",
                             "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": "dfdetect-uploads",
            "bucket": {"name": bucket, "ownerIdentity": {"principalId": "A3NL1KOZZKExample"},
                       "arn": f"arn:aws:s3:::{bucket}"},
            "object": {"key": encoded_key, "size": size, "eTag": etag, "sequencer": "0A1B2C3D4E5F678901"},
        },
    }]}


def write(name, event):
    (EVENTS / name).write_text(json.dumps(event, indent=2) + "\n")
    print("wrote", EVENTS / name)


def main():
    import hashlib
    EVENTS.mkdir(exist_ok=True)
    image = jpeg_64x64()
    form = multipart(image)
    upload = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}", "Content-Length": str(len(form))}
    write("rest-api-predict.json", rest_api("POST", "/predict", upload, form))
    write("rest-api-health.json", rest_api("GET", "/health", {}, None))
    write("http-api-predict.json", http_api("POST", "/predict", upload, form))
    write("http-api-health.json", http_api("GET", "/health", {}, None))
    # "holiday photo.jpg" under uploads/: the space arrives as '+'.
    write("s3-put.json", s3_put("dfdetect-uploads-123456789012", "uploads/holiday+photo.jpg", len(image),
                                hashlib.md5(image).hexdigest()))


if __name__ == "__main__":
    main()
