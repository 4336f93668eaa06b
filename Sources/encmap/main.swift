print("encmap")
