from celery import shared_task


@shared_task
def send_daily_report():
    return 'sent'


@shared_task
def purge_old_carts(days=30):
    return days
