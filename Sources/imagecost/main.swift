print("imagecost")
