-- GDPR: when an order's e-mail and delivery address were erased (the accounting record stays).
ALTER TABLE ordering.orders ADD COLUMN personal_data_erased_at timestamp with time zone NULL;
