from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string


def send_templated_email(*, template_prefix, to, context):
    """Send `<prefix>_subject.txt` and `<prefix>_body.txt`, with `<prefix>_body.html` if present."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    body = render_to_string(f"{template_prefix}_body.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to])
    try:
        html_template = get_template(f"{template_prefix}_body.html")
    except TemplateDoesNotExist:
        html_template = None
    if html_template is not None:
        message.attach_alternative(html_template.render(context), "text/html")
    message.send()
